import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, request } from 'undici';

/** The fetch function RemoteGraphQLDataSource calls (@apollo/utils.fetcher's shape). */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/** Settings of the subgraph fetcher. */
export interface UndiciFetcherOptions {
  /** Keep-alive connections per subgraph origin. */
  connections: number;
  /**
   * Deadline of each fetch from the moment it is asked for: waiting for a free connection, sending, the
   * response headers and the whole body all count against it (SUBGRAPH_TIMEOUT_MS).
   */
  timeoutMs: number;
}

/** A subgraph fetcher that can be closed (its pooled sockets). */
export interface ClosableFetcher {
  fetcher: Fetcher;
  close(): Promise<void>;
}

/** The parts of a fetch Response that RemoteGraphQLDataSource reads, over an already-read body. */
export function toFetcherResponse(url: string, status: number, headers: Headers, text: string): FetcherResponse {
  const response: FetcherResponse = {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText: String(status),
    headers,
    text: async () => text,
    json: async () => JSON.parse(text),
    arrayBuffer: async () => new TextEncoder().encode(text).buffer as ArrayBuffer,
    clone: () => toFetcherResponse(url, status, headers, text),
  };
  return response;
}

/** Subgraph fetches through Node's global fetch (pooled keep-alive too), each with one deadline for all of it. */
export const createFetchFetcher = (timeoutMs: number): Fetcher =>
  ((input: string, init: RequestInit) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;

/**
 * Subgraph fetches through undici's pooled HTTP/1.1 client instead of global fetch: the same library
 * underneath, without the WHATWG Request/Response/stream layers per call (the bench shows what that
 * saves), with a fixed number of keep-alive sockets per subgraph.
 */
export function createUndiciFetcher(options: UndiciFetcherOptions): ClosableFetcher {
  // No per-phase timeouts (headersTimeout, bodyTimeout): they restart at each phase and do not cover the
  // wait for one of `connections`, so under load one fetch could take several times the timeout.
  const agent = new Agent({ connections: options.connections, keepAliveTimeout: 30_000 });
  const fetcher: Fetcher = async (url: string, init: FetcherRequestInit = {}) => {
    // One deadline for the whole fetch: it aborts a request still queued for a connection, too.
    const signal = AbortSignal.timeout(options.timeoutMs);
    const response = await request(url, {
      method: (init.method ?? 'GET') as 'POST',
      headers: init.headers,
      body: init.body,
      dispatcher: agent,
      signal,
    });
    const text = await response.body.text();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    return toFetcherResponse(url, response.statusCode, headers, text);
  };
  // Idempotent: a gateway may be closed twice (tests, signal during shutdown); a closed agent rejects close().
  let closed: Promise<void> | undefined;
  return { fetcher, close: () => (closed ??= agent.close()) };
}
