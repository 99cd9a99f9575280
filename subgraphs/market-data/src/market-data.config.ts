import { z } from 'zod';
import {
  commonConfigSchema,
  envBoolean,
  envHttpUrl,
  envList,
  envNonNegativeInt,
  envPort,
  envPositiveInt,
  loadConfig,
  requireSubgraphSecretInProduction,
  subgraphSecretConfigShape,
  withLocalServiceUrls,
} from '@memegraph/infra';
import { DEXSCREENER_DEFAULT_BASE_URL } from './upstreams/dexscreener.client.js';
import { GECKOTERMINAL_DEFAULT_BASE_URL } from './upstreams/geckoterminal.client.js';
import { JUPITER_DEFAULT_BASE_URL } from './upstreams/jupiter.client.js';

/** Environment of the market-data subgraph; every variable is documented in .env.example. */
export const marketDataConfigSchema = commonConfigSchema
  .extend({
    ...subgraphSecretConfigShape,
    /** HTTP port of the subgraph. */
    MARKET_DATA_PORT: envPort.default(4002),
    /** Interface to bind; 127.0.0.1 keeps the subgraph private to the host. */
    MARKET_DATA_HOST: z.string().default('0.0.0.0'),
    /** Redis Cluster seed nodes (host:port, comma-separated); replaces REDIS_URL for cache, limits and leases. */
    REDIS_CLUSTER_NODES: envList.default([]),
    /** Upstream base URLs (tests and the demo point them at the fake upstream). */
    DEXSCREENER_BASE_URL: envHttpUrl.default(DEXSCREENER_DEFAULT_BASE_URL),
    GECKOTERMINAL_BASE_URL: envHttpUrl.default(GECKOTERMINAL_DEFAULT_BASE_URL),
    JUPITER_BASE_URL: envHttpUrl.default(JUPITER_DEFAULT_BASE_URL),
    /** True when the base URLs point at the demo replay of recorded fixtures: every value is synthetic (`demo: true`). */
    UPSTREAM_DEMO: envBoolean.default(false),
    /** Optional Jupiter API key (raises the documented limit to 60/min). */
    JUPITER_API_KEY: z.string().optional(),
    /** Timeout of one upstream request attempt. */
    UPSTREAM_TIMEOUT_MS: envPositiveInt.default(5000),
    /** DexScreener token/pair endpoints budget (documented public limit: 300/min). */
    DEXSCREENER_RATE_LIMIT_PER_MINUTE: envPositiveInt.default(300),
    /** DexScreener profiles/boosts budget (documented public limit: 60/min). */
    DEXSCREENER_DISCOVERY_RATE_LIMIT_PER_MINUTE: envPositiveInt.default(60),
    /** GeckoTerminal budget (documented public limit: 30/min). */
    GECKOTERMINAL_RATE_LIMIT_PER_MINUTE: envPositiveInt.default(30),
    /** Jupiter budget; the documented limit is 30/min keyless, 60/min with JUPITER_API_KEY. */
    JUPITER_RATE_LIMIT_PER_MINUTE: envPositiveInt.optional(),
    /** How long a request may wait for rate budget before giving up for this round. */
    RATE_LIMIT_MAX_WAIT_MS: envPositiveInt.default(2000),
    /**
     * Share of each source's budget reserved for on-demand calls (trackToken's lookup): pollers never spend
     * it, so a person is not refused because polling took the budget. Together the two shares never exceed
     * the source's limit.
     */
    RATE_LIMIT_ON_DEMAND_PERCENT: envPositiveInt.pipe(z.number().max(50)).default(20),
    /** After a 429 without Retry-After, no instance calls that budget for this long. */
    UPSTREAM_COOLDOWN_DEFAULT_SECONDS: envPositiveInt.default(30),
    /** Longest Retry-After honoured as a shared cool-down (a longer one is capped). */
    UPSTREAM_COOLDOWN_MAX_SECONDS: envPositiveInt.default(600),
    /** A market record older than this is stale (refreshed, or flagged stale: true). */
    CACHE_TTL_SECONDS: envPositiveInt.default(30),
    /** How long the last value is served (stale: true) when every source fails. */
    STALE_MAX_SECONDS: envPositiveInt.default(900),
    /** In-process cache: entry lifetime and size. */
    CACHE_L1_TTL_SECONDS: envPositiveInt.default(2),
    CACHE_L1_MAX_ENTRIES: envPositiveInt.default(20_000),
    /**
     * A page of Query.tokens (its order, membership and counts; not its records' values) computed by any
     * instance is served for this long after it was computed (0: every listing ranks every record).
     */
    LISTING_PAGE_TTL_MS: envNonNegativeInt.default(1000),
    /** Poller tick; hot tokens (queried or subscribed recently) are refreshed at most this often. */
    POLL_INTERVAL_MS: envPositiveInt.default(2000),
    /** Tokens not in demand are refreshed at most this often. */
    POLL_COLD_INTERVAL_MS: envPositiveInt.default(30_000),
    /** A token queried within this window counts as in demand. */
    DEMAND_WINDOW_SECONDS: envPositiveInt.default(120),
    /**
     * Demand (a polling hint) is kept in process and written to Redis at most this often, one write for all
     * tokens queried meanwhile, instead of two commands per request (0: every read writes it).
     */
    DEMAND_FLUSH_MS: envNonNegativeInt.default(1000),
    /**
     * A ranked list (tokenListUpdated) is ranked after each poll batch while a gateway announced subscribers
     * for it within this time (gateways announce every SUBSCRIPTION_DEMAND_INTERVAL_MS).
     */
    LIST_DEMAND_TTL_SECONDS: envPositiveInt.default(30),
    /** Most distinct ranked lists ranked per poll batch (the least recently announced beyond it are dropped). */
    LIST_MAX_DEMANDED: envPositiveInt.default(1000),
    /** GeckoTerminal (the binding 30/min limit) runs on its own slower cadence. */
    GECKOTERMINAL_POLL_INTERVAL_MS: envPositiveInt.default(4000),
    /** Discovery of new tokens from trending/new pools, boosts and profiles. */
    DISCOVERY_INTERVAL_MS: envPositiveInt.default(60_000),
    /** Turns the pollers off (a read-only instance). */
    POLLING_ENABLED: envBoolean.default(true),
    /** volume.spiked thresholds. */
    SPIKE_MIN_RATIO: z.coerce.number().positive().default(3),
    SPIKE_MIN_VOLUME_USD: z.coerce.number().nonnegative().default(10_000),
    SPIKE_MIN_LIQUIDITY_USD: z.coerce.number().nonnegative().default(10_000),
    /** Identity of this instance for leases (default: hostname-pid-random). */
    INSTANCE_ID: z.string().optional(),
    /** GraphQL endpoint of the tokens subgraph (unset: 127.0.0.1 at TOKENS_PORT when that is set). */
    TOKENS_URL: envHttpUrl.default('http://127.0.0.1:4001/graphql'),
    /**
     * The tracked set is rebuilt from the tokens subgraph (Postgres is the source of truth) at start and at
     * least this often; 0 turns reconciling off (an instance whose tracked set is fed only by the stream).
     */
    TRACKING_RECONCILE_INTERVAL_MS: envNonNegativeInt.default(60_000),
    /** How often to check whether Redis lost the tracked set (came back empty): then it is rebuilt at once. */
    TRACKING_RESET_CHECK_MS: envPositiveInt.default(2_000),
    /**
     * Share of GeckoTerminal's budget (percent of GECKOTERMINAL_RATE_LIMIT_PER_MINUTE) the history backfill may
     * spend, taken from the pollers' share; 0 turns the backfill off. It only ever spends this share.
     */
    BACKFILL_RATE_LIMIT_PERCENT: envNonNegativeInt.pipe(z.number().max(50)).default(20),
    /** Days back the backfill fetches hourly (plus one, for the 7-day window's base), 15- and 5-minute candles. */
    BACKFILL_DAYS: envPositiveInt.default(7),
    /** Hours back the backfill fetches one-minute candles (0: none; the store keeps them 2 days by default). */
    BACKFILL_MINUTE_HOURS: envNonNegativeInt.default(24),
    /** Days back the backfill fetches four-hour and daily candles, after the finer ones (0: none). */
    BACKFILL_COARSE_DAYS: envNonNegativeInt.default(365),
    /** Tick of the backfill: at most one upstream call per tick per instance. */
    BACKFILL_INTERVAL_MS: envPositiveInt.default(1000),
  })
  .superRefine(requireSubgraphSecretInProduction);

export type MarketDataConfig = z.output<typeof marketDataConfigSchema>;

/** Parses the market-data subgraph's environment, reporting every problem at once. */
export const loadMarketDataConfig = (env: NodeJS.ProcessEnv = process.env): MarketDataConfig =>
  loadConfig(marketDataConfigSchema, withLocalServiceUrls(env, [['TOKENS_URL', 'TOKENS_PORT']]));
