import type { Chain, Topic, TopicInput } from '@memegraph/contracts';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import { WebSocket } from 'ws';
import { waitFor } from './graphql-http.js';

/** What one subscription received: data of `next` messages, and errors (GraphQL or transport). */
export interface SubscriptionInbox {
  client: Client;
  received: Array<Record<string, any>>;
  errors: unknown[];
  /** Waits until at least `n` messages arrived; returns all of them. */
  count(n: number, timeoutMs?: number): Promise<Array<Record<string, any>>>;
}

/**
 * Real graphql-ws clients for a test file: `subscribe` opens one client per subscription (no retries
 * unless the options ask for them) and records what arrives; `disposeAll` closes every client.
 */
export function useSubscriptionClients() {
  const clients: Client[] = [];
  return {
    subscribe(
      options: Omit<ClientOptions, 'webSocketImpl'>,
      query: string,
      variables: Record<string, unknown> = {},
    ): SubscriptionInbox {
      const client = createClient({
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        ...options,
        webSocketImpl: WebSocket,
      });
      clients.push(client);
      const received: Array<Record<string, any>> = [];
      const errors: unknown[] = [];
      client.subscribe(
        { query, variables },
        {
          next: (result) => void (result.errors ? errors.push(result.errors) : received.push(result.data ?? {})),
          error: (error) => void errors.push(error),
          complete: () => undefined,
        },
      );
      return {
        client,
        received,
        errors,
        async count(n, timeoutMs = 10_000) {
          await waitFor(() => received.length >= n, timeoutMs, `${n} message(s)`);
          return received;
        },
      };
    },
    async disposeAll(): Promise<void> {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
    },
  };
}

/** The graphql-ws URL of a gateway's HTTP GraphQL URL. */
export const toWebSocketUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');

/**
 * Raw graphql-transport-ws sockets for protocol-level tests; `terminateAll` (in afterAll) drops those
 * still open.
 */
export function useRawSockets() {
  const sockets: WebSocket[] = [];
  return {
    async open(url: string): Promise<WebSocket> {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('error', () => undefined);
      sockets.push(socket);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return socket;
    },
    terminateAll(): void {
      for (const socket of sockets.splice(0)) if (socket.readyState !== socket.CLOSED) socket.terminate();
    },
  };
}

/** Opens a graphql-ws upgrade with `origin` (none: not a browser): 101 when it opened, else the HTTP status. */
export const upgradeStatus = (url: string, origin?: string) =>
  new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { origin });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });

/** The close code and reason a socket gets. */
export const closeOf = (socket: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

/** The next message a socket receives, parsed. */
export const nextMessage = (socket: WebSocket) =>
  new Promise<Record<string, unknown>>((resolve) =>
    socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );

/** A `price.updated` event as market-data publishes it (fixed time, so results compare exactly). */
export const priceUpdatedEvent = ({
  address,
  changePct,
  chain = 'SOLANA',
  priceUsd = 1,
  previousPriceUsd = 0.9,
  at = '2026-11-27T03:00:00.000Z',
}: {
  address: string;
  changePct: number;
  chain?: Chain;
  priceUsd?: number;
  previousPriceUsd?: number;
  at?: string;
}): TopicInput<typeof Topic.PRICE_UPDATED> => ({
  token: { chain, address },
  priceUsd,
  previousPriceUsd,
  changePct,
  at,
});
