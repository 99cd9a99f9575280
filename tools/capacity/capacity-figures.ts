/**
 * What the capacity model (capacity-model.ts) is fitted on: per-operation costs measured by this project's
 * benches, the upstream budgets the services enforce, and the deployment settings of docker/k8s/. Every
 * measured figure names the bench and run it comes from; docs/scaling.md prints this table (generated,
 * checked by `npm run check:capacity`), so a changed figure shows in the doc's diff.
 *
 * Measured figures are the worst of the runs listed (the machine is a shared 2-core VM, see each note):
 * the model is meant to over-provision, not to promise.
 */

/** One measured or configured number and where it comes from. */
export interface Figure {
  value: number;
  unit: string;
  /** Bench (or config) and run it comes from, and how noisy it was. */
  source: string;
}

/** Costs of the services, per operation of the gateway bench's mix and per subscription delivery. */
export interface ServiceFigures {
  gatewayCpuMsPerQuery: Figure;
  tokensCpuMsPerQuery: Figure;
  marketDataCpuMsPerQuery: Figure;
  postgresCpuMsPerQuery: Figure;
  redisCpuMsPerQuery: Figure;
  sqlStatementsPerQuery: Figure;
  redisCommandsPerQuery: Figure;
  gatewayCpuMsPerDelivery: Figure;
  gatewayRssBaseMiB: Figure;
  gatewayRssPerThousandSubscribersMiB: Figure;
  subgraphRssMiB: Figure;
  mergeCpuMsPerTokenRefresh: Figure;
  tokensCpuMsPerSnapshot: Figure;
  postgresCpuMsPerSnapshot: Figure;
  redisOpsPerSecondPerCore: Figure;
  redisBytesPerToken: Figure;
  postgresBytesPerCandle: Figure;
  postgresBytesPerToken: Figure;
}

/** An upstream source's shared budget: calls per minute for all instances together, addresses per call. */
export interface UpstreamBudget {
  source: string;
  callsPerMinute: number;
  addressesPerCall: number;
  /** What the source gives a refresh: the backbone (price, volume, liquidity) or price only. */
  gives: 'market' | 'price';
  /** How more budget is bought, as documented (shared/fixtures/upstream/README.md). */
  upgrade: string;
}

/** Deployment settings the model sizes with (docker/k8s/, the services' defaults). */
export interface DeploymentSettings {
  /** CPU a pod requests, in cores (Node runs one main thread: more is mostly unused). */
  coresPerPod: number;
  /** Average CPU utilisation the HPAs target (gateway 65 %, market-data 70 %): the model plans at the lower. */
  targetUtilisation: number;
  /** graphql-ws connections per gateway pod the HPA targets (half of WS_MAX_CONNECTIONS). */
  subscribersPerGatewayPod: number;
  /** Replicas the HPAs may reach. */
  maxGatewayPods: number;
  maxMarketDataPods: number;
  /** Fewest pods of each service (availability, PodDisruptionBudget minAvailable 1). */
  minPods: number;
  /** DATABASE_POOL_SIZE: connections per tokens pod to each Postgres server. */
  databasePoolSize: number;
  /** Postgres max_connections of each server (the default). */
  postgresMaxConnections: number;
  /** Cores of one Postgres server (an assumed 8-core machine per primary or replica). */
  postgresCoresPerServer: number;
  /** Largest Postgres data set the plan keeps on one primary before sharding (assumed, see docs/scaling.md). */
  postgresMaxBytesPerServer: number;
  /**
   * Largest candle table, or partition, kept (assumed: the RAM of one such server): past it, retention and
   * autovacuum walk a table and index that no longer fit in memory.
   */
  candlePartitionMaxBytes: number;
  /**
   * Days of candles per time partition (subgraphs/tokens/src/history/candle-partitions.ts); a resolution
   * without one is a single partition. Empty: candles in one table (before migration 1764500000000).
   */
  partitionDays: Partial<Record<'M1' | 'M5' | 'M15' | 'H1' | 'H4' | 'D1', number>>;
  /** Share of each upstream budget left to pollers (100 - RATE_LIMIT_ON_DEMAND_PERCENT). */
  pollingShare: number;
  /** Days of candles kept per resolution (HISTORY_RETENTION_*_DAYS; 0 = forever, counted as `foreverDays`). */
  retentionDays: Record<'M1' | 'M5' | 'M15' | 'H1' | 'H4' | 'D1', number>;
  foreverDays: number;
}

const PROFILE = 'npm run bench:profile (compiled services, --cpu-prof on, 10,000 tokens, 50 connections, 20 s)';
const FOOTPRINT = 'npm run bench:footprint (2026-12-03)';
const SUBSCRIPTIONS = 'README "Subscriptions: 10,000 subscribers" (bench:subscriptions, idle machine, four runs)';

/** The measured figures (see each `source`). */
export const SERVICE_FIGURES: ServiceFigures = {
  gatewayCpuMsPerQuery: {
    value: 4.93,
    unit: 'ms CPU / query',
    source: `${PROFILE}: worst of three runs (3.18 at load 2.4, 4.93 at load 4.9–6.5, 3.43 at load 12–14)`,
  },
  tokensCpuMsPerQuery: {
    value: 2.5,
    unit: 'ms CPU / query',
    source: `${PROFILE}: worst of the same runs (1.55, 2.50, 1.64)`,
  },
  marketDataCpuMsPerQuery: {
    value: 2.76,
    unit: 'ms CPU / query',
    source: `${PROFILE}: worst of the same runs (1.88, 2.76, 1.92)`,
  },
  postgresCpuMsPerQuery: {
    value: 1.5,
    unit: 'ms CPU / query',
    source: `${PROFILE}: the bench database's backends (/proc); 1.50 and 1.10 in the two runs that measured it`,
  },
  redisCpuMsPerQuery: {
    value: 0.19,
    unit: 'ms CPU / query',
    source: `${PROFILE}: the private redis-server's INFO cpu; 0.19 and 0.12`,
  },
  sqlStatementsPerQuery: {
    value: 0.67,
    unit: 'statements / query',
    source: `${PROFILE}: statement-counting proxy; 0.59–0.67 in three runs (tokens' read cache on)`,
  },
  redisCommandsPerQuery: {
    value: 1.78,
    unit: 'commands / query',
    source: `${PROFILE}: INFO commandstats; 1.68–1.78 in three runs`,
  },
  gatewayCpuMsPerDelivery: {
    value: 0.057,
    unit: 'ms CPU / delivery',
    source: `${SUBSCRIPTIONS}: 10,000 deliveries/s at 46–57 % of a core (market selection, the worst)`,
  },
  gatewayRssBaseMiB: {
    value: 280,
    unit: 'MiB',
    source: `${SUBSCRIPTIONS}: 1 × 10,000 at ≤ 615 MiB and 2 × 5,000 at ≤ 424 MiB, fitted as base + per subscriber`,
  },
  gatewayRssPerThousandSubscribersMiB: {
    value: 34,
    unit: 'MiB / 1,000 subscribers',
    source: `${SUBSCRIPTIONS}: same fit ((615 − 424) / 5,000 rounded up)`,
  },
  subgraphRssMiB: {
    value: 271,
    unit: 'MiB',
    source: 'README soak (npm run soak, 30 min): market-data RSS 186–271 MB, tokens 167 MB mean',
  },
  mergeCpuMsPerTokenRefresh: {
    value: 0.47,
    unit: 'ms CPU / token refresh',
    source:
      'README "Market data at 10,000 tracked tokens" (bench:market-data): merge of 10k tokens × 3 sources in 4.75 s',
  },
  tokensCpuMsPerSnapshot: {
    value: 0.086,
    unit: 'ms CPU / snapshot',
    source: `${FOOTPRINT} (BENCH_PART=ingestion, 20,000 snapshots of 2,000 tokens in messages of 30, partitioned candles): 0.063–0.086 in two runs at load 10–15`,
  },
  postgresCpuMsPerSnapshot: {
    value: 0.294,
    unit: 'ms CPU / snapshot',
    source: `${FOOTPRINT}: the same runs, the bench database's backends (/proc): 0.234–0.294, on the primary`,
  },
  redisOpsPerSecondPerCore: {
    value: 80_000,
    unit: 'commands / s',
    source: `${FOOTPRINT}: redis-benchmark SET+GET, 50 clients, 86,522 per CPU second of the server (19–21k/s wall clock at load 5.6), rounded down`,
  },
  redisBytesPerToken: {
    value: 1_239,
    unit: 'bytes',
    source: `${FOOTPRINT}: INFO memory over 10,000 bench market records (no pools or sources: real ones are larger)`,
  },
  postgresBytesPerCandle: {
    value: 251,
    unit: 'bytes',
    source: `${FOOTPRINT}: pg_total_relation_size(price_candles) / 200,000 rows (heap and both indexes)`,
  },
  postgresBytesPerToken: {
    value: 862,
    unit: 'bytes',
    source: `${FOOTPRINT}: pg_total_relation_size(tokens) / 10,000 rows`,
  },
};

/** The budgets market-data enforces (config defaults; shared/fixtures/upstream/README.md for the limits). */
export const UPSTREAM_BUDGETS: UpstreamBudget[] = [
  {
    source: 'DexScreener /tokens/v1',
    callsPerMinute: 300,
    addressesPerCall: 30,
    gives: 'market',
    upgrade: 'none documented: no key, no paid tier (one budget per egress address)',
  },
  {
    source: 'Jupiter /price/v3',
    callsPerMinute: 30,
    addressesPerCall: 50,
    gives: 'price',
    upgrade: 'free key: 60/min (JUPITER_API_KEY); one bucket per account',
  },
  {
    source: 'GeckoTerminal /tokens/multi',
    callsPerMinute: 30,
    addressesPerCall: 30,
    gives: 'market',
    upgrade: 'paid CoinGecko plans: 50 addresses per call (their rate is not in our fixtures README)',
  },
];

/**
 * Birdeye `/defi/multi_price` (100 addresses per call) by plan, the one documented paid path to a large
 * token set. Not implemented: no adapter exists yet (shared/fixtures/upstream/README.md: optional fourth source).
 */
export const BIRDEYE_TIERS: Array<{ plan: string; requestsPerSecond: number }> = [
  { plan: 'Standard (free)', requestsPerSecond: 1 },
  { plan: 'Lite/Starter', requestsPerSecond: 15 },
  { plan: 'Premium', requestsPerSecond: 50 },
  { plan: 'Business', requestsPerSecond: 100 },
];
export const BIRDEYE_ADDRESSES_PER_CALL = 100;

/** docker/k8s/ and the services' defaults. */
export const DEPLOYMENT: DeploymentSettings = {
  coresPerPod: 1,
  targetUtilisation: 0.65,
  subscribersPerGatewayPod: 5_000,
  maxGatewayPods: 20,
  maxMarketDataPods: 6,
  minPods: 2,
  databasePoolSize: 10,
  postgresMaxConnections: 100,
  postgresCoresPerServer: 8,
  postgresMaxBytesPerServer: 2 * 1024 ** 4,
  candlePartitionMaxBytes: 64 * 1024 ** 3,
  partitionDays: { M1: 1, M5: 7, M15: 7, H1: 30 },
  pollingShare: 0.8,
  retentionDays: { M1: 2, M5: 14, M15: 31, H1: 92, H4: 0, D1: 0 },
  foreverDays: 365,
};
