import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  commonConfigSchema,
  envBoolean,
  envHttpUrl,
  envNonNegativeInt,
  envPort,
  envPositiveInt,
  loadConfig,
  requireSubgraphSecretInProduction,
  subgraphSecretConfigShape,
  withLocalServiceUrls,
} from '@memegraph/infra';
import { securityConfigShape } from './security/security.config.js';

/** Environment of the gateway; every variable is documented in .env.example. */
export const gatewayConfigSchema = commonConfigSchema
  .extend({
    /** Public HTTP/WebSocket port. */
    GATEWAY_PORT: envPort.default(4000),
    /** Interface to bind. */
    GATEWAY_HOST: z.string().default('0.0.0.0'),
    /** GraphQL endpoint of the tokens subgraph (unset: 127.0.0.1 at TOKENS_PORT when that is set). */
    TOKENS_URL: envHttpUrl.default('http://127.0.0.1:4001/graphql'),
    /** GraphQL endpoint of the market-data subgraph (unset: 127.0.0.1 at MARKET_DATA_PORT when that is set). */
    MARKET_DATA_URL: envHttpUrl.default('http://127.0.0.1:4002/graphql'),
    /** The composed supergraph the gateway plans against (static; no introspection of subgraphs). */
    SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    /**
     * @apollo/gateway's own usage telemetry (an OpenTelemetry exporter to Apollo's endpoint). Off unless set
     * to false: a self-hosted gateway sends nothing to a third party without being asked.
     */
    APOLLO_TELEMETRY_DISABLED: envBoolean.default(true),
    /** Schema introspection; defaults to on outside production. */
    GATEWAY_INTROSPECTION: envBoolean.optional(),
    /** GraphiQL on GET /graphql for browsers; defaults to whatever GATEWAY_INTROSPECTION is (it needs the schema). */
    GRAPHIQL_ENABLED: envBoolean.optional(),
    /**
     * Deadline of each subgraph fetch, from the moment the plan asks for it: waiting for one of
     * SUBGRAPH_CONNECTIONS, sending, and the whole answer. Past it that subgraph's fields are missing with
     * SUBGRAPH_UNAVAILABLE; the rest of the answer is sent.
     */
    SUBGRAPH_TIMEOUT_MS: envPositiveInt.default(10_000),
    /** Subgraph HTTP client: `undici` (pooled keep-alive client, faster) or `fetch` (Node's global fetch). */
    SUBGRAPH_FETCHER: z.enum(['undici', 'fetch']).default('undici'),
    /** Keep-alive connections per subgraph with SUBGRAPH_FETCHER=undici. */
    SUBGRAPH_CONNECTIONS: envPositiveInt.default(64),
    /** Identical subgraph fetches in flight at once (same query, variables, authorization) share one request. */
    SUBGRAPH_DEDUP: envBoolean.default(true),
    /** Whole responses of anonymous queries are cached this long (never with Authorization or x-read-after); 0: off. */
    RESPONSE_CACHE_TTL_MS: envNonNegativeInt.default(0),
    /** Responses the response cache keeps at most. */
    RESPONSE_CACHE_MAX_ENTRIES: envPositiveInt.default(10_000),
    /** Approximate size of the query plan cache (plans keyed by operation). */
    QUERY_PLAN_CACHE_MIB: envPositiveInt.default(30),
    /** Timeout of each dependency check (subgraph /ready, Redis PING) whose statuses GET /ready and /metrics show. */
    READY_TIMEOUT_MS: envPositiveInt.default(2_000),
    /** How often the dependencies are checked (in the background: GET /ready never waits on them). */
    DEPENDENCY_CHECK_INTERVAL_MS: envPositiveInt.default(5_000),
    /** A WebSocket that sends no connection_init within this time is closed (4408). */
    WS_INIT_TIMEOUT_MS: envPositiveInt.default(3_000),
    /** Interval of WebSocket ping frames; a peer that does not answer within one interval is dropped. */
    WS_PING_INTERVAL_MS: envPositiveInt.default(15_000),
    /** Open WebSockets per gateway instance; further upgrades get HTTP 503. */
    WS_MAX_CONNECTIONS: envPositiveInt.default(10_000),
    /** Bytes a socket may have queued (unsent messages) before it is closed as a slow consumer (4008). */
    WS_MAX_BUFFERED_BYTES: envPositiveInt.default(1_048_576),
    /** Largest WebSocket message a client may send; a larger one closes the socket with 1009 (Message Too Big). */
    WS_MAX_MESSAGE_BYTES: envPositiveInt.default(1_048_576),
    /** Distinct subscription operation texts kept parsed and validated (least recently used dropped first). */
    WS_OPERATION_CACHE_SIZE: envPositiveInt.default(1_000),
    /**
     * Shared secret of the WebSocket endpoint: clients send `{ authorization: 'Bearer <token>' }` (or
     * `{ headers: { authorization } }`) as the connection_init payload, or are closed with 4403. Unset: no auth.
     */
    WS_AUTH_TOKEN: z.string().min(16, 'WS_AUTH_TOKEN must be at least 16 characters').optional(),
    /** How often this instance writes its connection count to Redis (for the global count in /metrics). */
    WS_CONNECTIONS_HEARTBEAT_MS: envPositiveInt.default(5_000),
    /** An instance that has not written its connection count this long (it died) leaves the global count. */
    WS_CONNECTIONS_TTL_MS: envPositiveInt.default(15_000),
    /** This instance's name in the shared connection count (default: hostname-pid-random). */
    INSTANCE_ID: z.string().optional(),
    /** How often tokens with live subscribers are announced to market-data (polled first). */
    SUBSCRIPTION_DEMAND_INTERVAL_MS: envPositiveInt.default(5000),
    /** Events arriving within this window are hydrated together, one query per chain and selection. */
    SUBSCRIPTION_BATCH_WINDOW_MS: envPositiveInt.default(10),
    /**
     * How long a token's metadata (name, symbol, decimals, imageUrl, links, firstSeenAt, tracked) hydrated for
     * subscribers is reused across events (refreshed in the background after half of it); 0: hydrate every
     * event. An admin edit drops it at once (the tokens subgraph announces it on `token.changed`); this bounds
     * how long the old values serve when that announcement is lost.
     */
    SUBSCRIPTION_METADATA_TTL_MS: envNonNegativeInt.default(300_000),
    /** Tokens × distinct metadata selections kept for subscriptions (least recently used dropped first). */
    SUBSCRIPTION_METADATA_CACHE_SIZE: envPositiveInt.default(50_000),
    /**
     * tokenListUpdated: at most one change message per list per this window; rankings arriving within it are
     * coalesced into the next message (the first change after a quiet window goes at once).
     */
    SUBSCRIPTION_LIST_WINDOW_MS: envPositiveInt.default(500),
    /** tokenListUpdated: messages one subscriber may have waiting; past it, they are replaced by a snapshot (resync). */
    SUBSCRIPTION_LIST_MAX_QUEUED: envPositiveInt.default(8),
    ...subgraphSecretConfigShape,
    ...securityConfigShape,
  })
  .superRefine(requireSubgraphSecretInProduction)
  .refine((config) => config.WS_CONNECTIONS_TTL_MS > config.WS_CONNECTIONS_HEARTBEAT_MS, {
    message: 'WS_CONNECTIONS_TTL_MS must exceed WS_CONNECTIONS_HEARTBEAT_MS (a live instance would blink out)',
    path: ['WS_CONNECTIONS_TTL_MS'],
  });

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;

/** Parses the gateway's environment, reporting every problem at once. */
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  loadConfig(
    gatewayConfigSchema,
    withLocalServiceUrls(env, [
      ['TOKENS_URL', 'TOKENS_PORT'],
      ['MARKET_DATA_URL', 'MARKET_DATA_PORT'],
    ]),
  );
