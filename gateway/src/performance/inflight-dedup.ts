import { READ_AFTER_HEADER } from '../gateway.context.js';
import { toFetcherResponse, type Fetcher, type FetcherHeaders } from '../federation/undici-fetcher.js';

/** A mutation must run once per client request, never shared. */
const MUTATION = /^\{"query":"\s*mutation\b/;

/** Headers that change what a subgraph answers; requests that differ in them are never shared. */
const IDENTITY_HEADERS = ['authorization', READ_AFTER_HEADER] as const;

/**
 * Shares one subgraph fetch among identical requests that are in flight at the same time: same URL,
 * same body (query and variables) and same identity headers. Nothing is kept once the response has
 * arrived, so this never serves an answer older than the fetch it joined; mutations are never shared.
 * Counters say how many fetches were joined (benchmarks).
 */
export function withInflightDedup(fetcher: Fetcher): { fetcher: Fetcher; stats: () => { shared: number } } {
  const inflight = new Map<string, Promise<{ status: number; headers: FetcherHeaders; text: string }>>();
  let shared = 0;
  const dedup: Fetcher = async (url, init = {}) => {
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (body === undefined || (init.method ?? 'GET') !== 'POST' || MUTATION.test(body)) return fetcher(url, init);
    // RemoteGraphQLDataSource passes the headers as a plain object with lower-case names.
    const identity = IDENTITY_HEADERS.map((name) => init.headers?.[name] ?? '');
    const key = `${url}\n${identity.join('\n')}\n${body}`;
    let pending = inflight.get(key);
    if (pending) shared += 1;
    else {
      pending = fetcher(url, init).then(async (response) => ({
        status: response.status,
        // Read only by those who joined (never changed): one object serves them all.
        headers: response.headers,
        text: await response.text(),
      }));
      inflight.set(key, pending);
      const forget = () => inflight.delete(key);
      pending.then(forget, forget);
    }
    const { status, headers: responseHeaders, text } = await pending;
    return toFetcherResponse(url, status, responseHeaders, text);
  };
  return { fetcher: dedup, stats: () => ({ shared }) };
}
