/** One client-visible error code: when a client sees it and whether retrying helps (README's error table). */
export interface ErrorCodeDefinition {
  /** When the code is returned (one line of the README table). */
  description: string;
  /** Whether and when a retry can succeed. */
  retry: string;
}

/**
 * Every stable `extensions.code` a client can see from any service, with its description. The README's
 * error table is generated from this registry (`npm run errors`; `npm run check:errors` fails on drift).
 */
export const errorCodes = {
  BAD_USER_INPUT: {
    description:
      'an invalid argument (`argumentName`, e.g. `addresses[3]` or `$q`), control characters in any string included',
    retry: 'no: fix the request',
  },
  UNAUTHENTICATED: { description: 'an admin mutation without a valid key', retry: 'no' },
  FORBIDDEN: {
    description: 'a known caller that may not do this (reserved: no operation returns it today)',
    retry: 'no',
  },
  TOKEN_NOT_FOUND: {
    description: 'trackToken without metadata: every source answered and none knows the token',
    retry: 'no: pass metadata',
  },
  UPSTREAM_BUSY: {
    description:
      "trackToken's lookup: a source refused for now (its 429 or our budget) and none that answered knows it",
    retry: 'yes, after `retryAfterSeconds`',
  },
  UPSTREAM_UNAVAILABLE: {
    description:
      'the lookup could not ask a source (circuit open, timeout, 5xx; `sources` names them), or market-data is down',
    retry: 'yes',
  },
  RATE_LIMITED: { description: 'the per-client limit (HTTP 429 + `Retry-After`)', retry: 'yes, after `Retry-After`' },
  SERVICE_BUSY: {
    description: 'a database pool is saturated or a statement timed out, or Redis has not answered yet',
    retry: 'yes',
  },
  PRIMARY_UNAVAILABLE: {
    description:
      'no writable Postgres primary right now (failover in progress, or every `DATABASE_URL` host down or a standby)',
    retry: 'yes, after `retryAfterSeconds`',
  },
  SUBGRAPH_UNAVAILABLE: {
    description:
      'a subgraph is down or missed its deadline (`SUBGRAPH_TIMEOUT_MS`, waiting for a connection included); the rest of the data is still returned (HTTP 200)',
    retry: 'yes',
  },
  SUBSCRIPTION_OVER_HTTP: {
    description: 'a subscription sent over HTTP: subscriptions run over graphql-ws (WebSocket)',
    retry: 'no: use graphql-ws',
  },
  QUERY_TOO_DEEP: { description: 'the operation nests deeper than `QUERY_MAX_DEPTH`', retry: 'no: fix the request' },
  TOO_MANY_ALIASES: {
    description: 'the operation has more aliases than `QUERY_MAX_ALIASES`',
    retry: 'no: fix the request',
  },
  TOO_MANY_DIRECTIVES: {
    description: 'the operation has more directives than `QUERY_MAX_DIRECTIVES`',
    retry: 'no: fix the request',
  },
  TOO_MANY_TOKENS: {
    description: 'the operation has more lexical tokens than `QUERY_MAX_TOKENS`',
    retry: 'no: fix the request',
  },
  QUERY_TOO_COSTLY: {
    description: 'the estimated cost exceeds `QUERY_MAX_COST` (HTTP 400, with `limit`/`cost`)',
    retry: 'no: ask for less',
  },
  BODY_TOO_LARGE: { description: 'the request body exceeds `GATEWAY_MAX_BODY_BYTES` (HTTP 413)', retry: 'no' },
  MALFORMED_REQUEST: { description: 'the request body is not valid JSON', retry: 'no: fix the request' },
  BATCHING_DISABLED: { description: 'a batched request (an array of operations)', retry: 'no: send one per request' },
  UNSUPPORTED_MEDIA_TYPE: {
    description: 'a POST whose body is not `application/json` (HTTP 415)',
    retry: 'no: fix the request',
  },
  PERSISTED_QUERY_NOT_TRUSTED: {
    description: 'an operation not in the trusted-documents manifest (`TRUSTED_DOCUMENTS_PATH`)',
    retry: 'no',
  },
  PERSISTED_QUERY_HASH_MISMATCH: {
    description: "an automatic persisted query whose hash is not the query's SHA-256",
    retry: 'no: fix the request',
  },
  PERSISTED_QUERY_VERSION_UNSUPPORTED: {
    description: 'an automatic persisted query of a version other than 1',
    retry: 'no: fix the request',
  },
  SUBGRAPH_SECRET_REQUIRED: {
    description: 'a subgraph called without `x-subgraph-secret` (only the gateway may call subgraphs; HTTP 401)',
    retry: 'no',
  },
  SUBGRAPH_SECRET_INVALID: {
    description: 'a subgraph called with a wrong `x-subgraph-secret` (HTTP 403)',
    retry: 'no',
  },
  INTERNAL_SERVER_ERROR: {
    description: 'anything unexpected: logged in full, reaches clients only as this code',
    retry: 'maybe',
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

/** A client-visible error code. */
export type ErrorCode = keyof typeof errorCodes;

/** The codes by name, for `ErrorCode.TOKEN_NOT_FOUND`-style use. */
export const ErrorCode = Object.fromEntries(Object.keys(errorCodes).map((code) => [code, code])) as {
  readonly [Code in ErrorCode]: Code;
};
