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
