import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { GraphQLRequestError, type GraphQLResponseError } from './errors.js';

/**
 * The read-your-writes header: a write's response carries the primary's position; a request that sends it
 * back reads only from replicas that have replayed that far (the server's name: contracts' Header.READ_AFTER).
 */
export const READ_AFTER_HEADER = 'x-read-after';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Headers sent with every request (e.g. `authorization` for admin mutations). */
  headers?: Record<string, string>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A typed operation: a document generated from operations/ (or any string carrying its types). */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/** Per-call options of {@link HttpClient.request}. */
export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A GraphQL client over HTTP (queries and mutations; subscriptions go over graphql-ws). */
export interface HttpClient {
  /**
   * Runs `document` and resolves with its `data`. Throws {@link GraphQLRequestError} when the response
   * has errors and no data, or the HTTP exchange failed; a partial result (data and errors, e.g. one
   * subgraph down) resolves with the data, its errors in {@link HttpClient.lastErrors}.
   */
  request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<TResult>;
  /** The errors of the last partial result (empty when it had none). */
  readonly lastErrors: GraphQLResponseError[];
  /** The read-after token this client carries: the latest a write's response handed back. */
  readonly readAfter: string | undefined;
}

interface GraphQLResponse<TResult> {
  data?: TResult | null;
  errors?: GraphQLResponseError[];
}

/**
 * A fetch client for the gateway that carries read-your-writes across calls: when a response hands back an
 * `x-read-after` token (a write went through), every later request of this client sends the latest one, so
 * a read after your own write never comes from a replica that has not seen it.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let readAfter: string | undefined;
  let lastErrors: GraphQLResponseError[] = [];
  return {
    get readAfter() {
      return readAfter;
    },
    get lastErrors() {
      return lastErrors;
    },
    async request(document, variables, call = {}) {
      const response = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json;q=0.9',
          ...options.headers,
          ...call.headers,
          ...(readAfter === undefined ? {} : { [READ_AFTER_HEADER]: readAfter }),
        },
        body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
        signal: call.signal,
      });
      readAfter = response.headers.get(READ_AFTER_HEADER) ?? readAfter;
      const body = (await readBody(response)) as GraphQLResponse<NonNullable<unknown>> | undefined;
      if (body?.data === undefined || body.data === null) {
        const errors = body?.errors ?? [];
        const message = errors[0]?.message ?? `HTTP ${response.status} from ${options.url}`;
        throw new GraphQLRequestError(message, errors, response.status);
      }
      lastErrors = body.errors ?? [];
      return body.data as never;
    },
  };
}

async function readBody(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
