import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import { GraphQLRequestError, type GraphQLResponseError } from './errors.js';
import type { TypedDocument } from './http-client.js';

/** Options of {@link createSubscriptionClient}. */
export interface SubscriptionClientOptions {
  /** The gateway's GraphQL endpoint as a WebSocket URL, e.g. `ws://127.0.0.1:4000/graphql`. */
  url: string;
  /** `connection_init` payload, e.g. `{ authorization: 'Bearer …' }` when the gateway sets WS_AUTH_TOKEN. */
  connectionParams?: Record<string, unknown>;
  /** A WebSocket implementation where there is no global one (Node: `WebSocket` from `ws`). */
  webSocketImpl?: unknown;
  /** Longest wait between two reconnection attempts (default 30 s; the waits double from 0.5 s, with jitter). */
  maxRetryWaitMs?: number;
  /** Told when the socket connects (again) and when it closes, e.g. to show a connection state. */
  onStatus?: (status: 'connected' | 'closed') => void;
}

/** What a subscriber is told: each result, a failure, and the end. */
export interface SubscriptionSink<TResult> {
  next(data: TResult): void;
  /** Errors of a result, or a connection failure the client will not retry (a {@link GraphQLRequestError}). */
  error?(error: GraphQLRequestError): void;
  complete?(): void;
}

/** Subscriptions over graphql-ws that survive their connection. */
export interface SubscriptionClient {
  /** Starts `document`; returns the function that stops it. */
  subscribe<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables: TVariables,
    sink: SubscriptionSink<TResult>,
  ): () => void;
  /** Closes the socket and stops every subscription. */
  dispose(): Promise<void>;
}

/** Close codes after which reconnecting cannot help: the gateway refused these credentials (WS_AUTH_TOKEN). */
const FATAL_CLOSE_CODES = new Set([4403]);

/**
 * A graphql-ws client that reconnects forever (backoff doubling to `maxRetryWaitMs`, with jitter) and then
 * resubscribes every running subscription: a gateway restart (close 1012) or a lost network costs a gap,
 * never the subscription. A resubscribed operation starts over as a new one does: `priceUpdated` sends its
 * current values again, `tokenListUpdated` a new snapshot (sequence 1).
 */
export function createSubscriptionClient(options: SubscriptionClientOptions): SubscriptionClient {
  const maxWait = options.maxRetryWaitMs ?? 30_000;
  const client: Client = createClient({
    url: options.url,
    connectionParams: options.connectionParams,
    webSocketImpl: options.webSocketImpl,
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !FATAL_CLOSE_CODES.has((event as { code?: number } | undefined)?.code ?? 0),
    retryWait: (retries) => {
      const wait = Math.min(maxWait, 500 * 2 ** retries);
      return new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
    },
    on: {
      connected: () => options.onStatus?.('connected'),
      closed: () => options.onStatus?.('closed'),
    },
  });
  return {
    subscribe(document, variables, sink) {
      return client.subscribe<NonNullable<unknown>>(
        { query: document.toString(), variables: (variables ?? {}) as Record<string, unknown> },
        {
          next: (result: ExecutionResult<NonNullable<unknown>, unknown>) => {
            const errors = (result.errors ?? []) as unknown as GraphQLResponseError[];
            if (errors.length > 0) sink.error?.(new GraphQLRequestError(errors[0]!.message, errors));
            if (result.data) sink.next(result.data as never);
          },
          error: (error: unknown) => sink.error?.(toRequestError(error)),
          complete: () => sink.complete?.(),
        },
      );
    },
    dispose: () => client.dispose() as Promise<void>,
  };
}

/** graphql-ws reports a failed operation as its errors array, a dead socket as its close event. */
function toRequestError(error: unknown): GraphQLRequestError {
  if (Array.isArray(error)) {
    const errors = error as GraphQLResponseError[];
    return new GraphQLRequestError(errors[0]?.message ?? 'subscription failed', errors);
  }
  const close = error as { code?: number; reason?: string } | undefined;
  const message =
    close?.code === undefined ? String(error) : `connection closed: ${close.code} ${close.reason ?? ''}`.trim();
  return new GraphQLRequestError(message, []);
}
