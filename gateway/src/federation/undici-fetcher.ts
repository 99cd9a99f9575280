import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, request } from 'undici';

/** The fetch function RemoteGraphQLDataSource calls (@apollo/utils.fetcher's shape). */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherRequestInit = NonNullable<Parameters<Fetcher>[1]>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;
/** Response headers as RemoteGraphQLDataSource reads them. */
export type FetcherHeaders = FetcherResponse['headers'];

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

/**
 * Response headers as RemoteGraphQLDataSource reads them (get, has, iteration), over undici's plain object
 * of lower-cased names: no WHATWG Headers (which validates and copies every name and value) per fetch.
 * Repeated headers are joined with ", ", as Headers.get does.
 */
export function toFetcherHeaders(raw: Record<string, string | string[] | undefined>): FetcherHeaders {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) values.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const headers: FetcherHeaders = {
    get: (name) => values.get(name.toLowerCase()) ?? null,
    has: (name) => values.has(name.toLowerCase()),
    set: (name, value) => void values.set(name.toLowerCase(), value),
    append: (name, value) => {
      const key = name.toLowerCase();
      const current = values.get(key);
      values.set(key, current === undefined ? value : `${current}, ${value}`);
    },
    delete: (name) => void values.delete(name.toLowerCase()),
    entries: () => values.entries(),
    keys: () => values.keys(),
    values: () => values.values(),
    [Symbol.iterator]: () => values.entries(),
  };
  return headers;
}

/** The parts of a fetch Response that RemoteGraphQLDataSource reads, over an already-read body. */
export function toFetcherResponse(url: string, status: number, headers: FetcherHeaders, text: string): FetcherResponse {
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
    // One deadline for the whole fetch: it aborts a request still queued for a connection, too. A plain
    // timer, cleared when the fetch ends (AbortSignal.timeout keeps a weakly held timer per call, which
    // costs more at thousands of fetches a second); the abort reason is the same TimeoutError.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('The subgraph fetch timed out', 'TimeoutError')),
      options.timeoutMs,
    );
    try {
      const response = await request(url, {
        method: (init.method ?? 'GET') as 'POST',
        headers: init.headers,
        body: init.body,
        dispatcher: agent,
        signal: deadline.signal,
      });
      const text = await response.body.text();
      return toFetcherResponse(url, response.statusCode, toFetcherHeaders(response.headers), text);
    } finally {
      clearTimeout(timer);
    }
  };
  // Idempotent: a gateway may be closed twice (tests, signal during shutdown); a closed agent rejects close().
  let closed: Promise<void> | undefined;
  return { fetcher, close: () => (closed ??= agent.close()) };
}
