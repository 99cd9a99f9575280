import { z } from 'zod';
import { envBoolean, envList, envNonNegativeInt, envPositiveInt } from '@memegraph/infra';

/**
 * The gateway's abuse limits, persisted-query, CORS and rate-limit settings (part of gateway.config.ts);
 * every variable is documented in .env.example and in the README's configuration section.
 */
export const securityConfigShape = {
  /** Deepest selection nesting an operation may have (QUERY_TOO_DEEP). */
  QUERY_MAX_DEPTH: envPositiveInt.default(10),
  /** Aliased fields an operation may have (TOO_MANY_ALIASES). */
  QUERY_MAX_ALIASES: envNonNegativeInt.default(15),
  /** Directives an operation may use (TOO_MANY_DIRECTIVES). */
  QUERY_MAX_DIRECTIVES: envNonNegativeInt.default(20),
  /** Lexical tokens a document may have; parsing stops beyond it (TOO_MANY_TOKENS). */
  QUERY_MAX_TOKENS: envPositiveInt.default(2_000),
  /**
   * Cost an operation may have (QUERY_TOO_COSTLY): every field costs 1, and a field's selection counts as
   * many times as the items it may return (its `first`/`limit` argument, default included, or the number of
   * `addresses`; QUERY_DEFAULT_LIST_SIZE for other lists).
   */
  QUERY_MAX_COST: envPositiveInt.default(50_000),
  /** Items assumed for a list field without a size argument. */
  QUERY_DEFAULT_LIST_SIZE: envPositiveInt.default(10),
  /** Largest request body, in bytes (HTTP 413, BODY_TOO_LARGE). */
  GATEWAY_MAX_BODY_BYTES: envPositiveInt.default(100_000),
  /** "Did you mean …?" hints in validation errors; defaults to on outside production. */
  GATEWAY_FIELD_SUGGESTIONS: envBoolean.optional(),
  /** Automatic persisted queries stay this long in their cache (Redis when REDIS_URL is set, else memory). */
  APQ_TTL_SECONDS: envPositiveInt.default(86_400),
  /**
   * Automatic persisted queries kept at most (in Redis: across all instances); registering one more drops
   * the one closest to expiry, so a flood of registrations costs at most this many entries.
   */
  APQ_MAX_ENTRIES: envPositiveInt.default(10_000),
  /** Longest query (UTF-8 bytes) registered as an automatic persisted query; a longer one runs but is not kept. */
  APQ_MAX_QUERY_BYTES: envPositiveInt.default(10_000),
  /**
   * Trusted documents: a JSON manifest `{ "<sha256 of the query>": "<query>" }`. Set: only those operations
   * run (PERSISTED_QUERY_NOT_TRUSTED otherwise), over HTTP and WebSocket alike.
   */
  TRUSTED_DOCUMENTS_PATH: z.string().optional(),
  /**
   * Origins browsers may call the API from, comma-separated; `*` allows any. Default: any outside
   * production, none in production.
   */
  CORS_ORIGINS: envList.optional(),
  /**
   * Requests per minute each client (API key, else IP) may make on /graphql, counted in Redis when
   * REDIS_URL is set (shared by every instance), else per instance; 0 turns the limit off. Default: 600 in
   * production, off otherwise (tests and local runs share one loopback address).
   */
  RATE_LIMIT_PER_MINUTE: envNonNegativeInt.optional(),
  /** Requests a client may make at once before the per-minute rate applies. */
  RATE_LIMIT_BURST: envPositiveInt.default(100),
  /**
   * The API keys that identify a client for the rate limit, as SHA-256 hex digests, comma-separated
   * (`printf %s "$KEY" | sha256sum`): the configuration holds no key itself. A request with a listed key
   * has that key's budget; an unlisted key counts as its IP, so inventing keys buys nothing. Unset: every
   * client by IP.
   */
  RATE_LIMIT_API_KEYS: envList
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, 'must list SHA-256 digests (64 lower-case hex characters)')))
    .default([]),
  /** Header whose value identifies a client for the rate limit (only a hash of it is stored). */
  RATE_LIMIT_KEY_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a lower-case header name')
    .default('x-api-key'),
  /**
   * Open WebSockets one client address may hold on an instance (HTTP 429 beyond it); 0: no limit. Default:
   * 100 in production, off otherwise (tests and local runs share one loopback address).
   */
  WS_MAX_CONNECTIONS_PER_IP: envNonNegativeInt.optional(),
  /**
   * WebSocket upgrades one client address may make per minute on an instance, all of them at once at most
   * (HTTP 429 + Retry-After beyond it); 0: no limit. Default: 60 in production, off otherwise.
   */
  WS_UPGRADES_PER_MINUTE_PER_IP: envNonNegativeInt.optional(),
  /**
   * Bytes all WebSockets of an instance may hold unsent together (each is also held to WS_MAX_BUFFERED_BYTES);
   * beyond it the socket holding the most is dropped at once (the client sees 1006 and reconnects).
   */
  WS_MAX_TOTAL_BUFFERED_BYTES: envPositiveInt.default(268_435_456),
  /**
   * Reverse proxies in front of the gateway whose X-Forwarded-For is trusted for the client IP (express
   * `trust proxy` hop count; 0: the socket's peer address is the client).
   */
  TRUST_PROXY_HOPS: envNonNegativeInt.default(0),
};
