/**
 * The capacity model: a target load in, instance counts, Redis and Postgres sizing, upstream plans and the
 * first bottleneck out. Pure: figures and settings are arguments (capacity-figures.ts holds the measured
 * ones), so a unit test is a table. docs/scaling.md explains each rule.
 */
import type { DeploymentSettings, ServiceFigures, UpstreamBudget } from './capacity-figures.js';

/** What to serve. */
export interface LoadTarget {
  /** Open graphql-ws subscribers. */
  subscribers: number;
  /** Queries per second, of the gateway bench's mix. */
  qps: number;
  /** Tracked tokens. */
  tokens: number;
  /** Tokens in demand (queried or subscribed within DEMAND_WINDOW_SECONDS), refreshed every `hotRefreshSeconds`. */
  hotTokens: number;
  /** Subscription deliveries per subscriber per second (the subscriptions bench sends 1). */
  deliveriesPerSubscriber: number;
  /** How often a token in demand is refreshed (POLL_INTERVAL_MS). */
  hotRefreshSeconds: number;
  /** How often every other tracked token should be refreshed. */
  coldRefreshSeconds: number;
}

/** The defaults of the CLI for what a target does not say. */
export const DEFAULT_TARGET: Omit<LoadTarget, 'subscribers' | 'qps' | 'tokens'> = {
  hotTokens: 1_000,
  deliveriesPerSubscriber: 1,
  hotRefreshSeconds: 2,
  coldRefreshSeconds: 300,
};

/** Everything the model reads besides the target. */
export interface ModelInputs {
  figures: ServiceFigures;
  upstreams: UpstreamBudget[];
  birdeyeTiers: Array<{ plan: string; requestsPerSecond: number }>;
  birdeyeAddressesPerCall: number;
  deployment: DeploymentSettings;
}

/** One limit the load is held against: headroom = capacity / demand (below 1: exceeded at the target). */
export interface Limit {
  name: string;
  demand: number;
  capacity: number;
  unit: string;
  headroom: number;
  /** Whether adding instances lifts it (then it is a sizing step, not a wall). */
  scalesOut: boolean;
  /** What lifts it. */
  remedy: string;
}

/** A sized service. */
export interface ServicePlan {
  pods: number;
  /** CPU the load needs at the target utilisation, in cores. */
  cores: number;
  /** Why this many pods: CPU, connections, or the availability minimum. */
  drivenBy: 'cpu' | 'subscribers' | 'minimum';
  memoryMiBPerPod: number;
}

/** The model's answer. */
export interface CapacityPlan {
  target: LoadTarget;
  gateway: ServicePlan;
  tokens: ServicePlan;
  marketData: ServicePlan;
  postgres: {
    readCores: number;
    /** CPU of the primary for snapshot ingestion, in cores at the target utilisation. */
    primaryWriteCores: number;
    replicas: number;
    connectionsPerServer: number;
    candleRows: number;
    storageBytes: number;
    candleRowsWrittenPerSecond: number;
  };
  redis: {
    commandsPerSecond: number;
    pubsubMessagesPerSecond: number;
    memoryBytes: number;
    /** Redis Cluster primaries for the cache (REDIS_CLUSTER_NODES); pub/sub and streams stay on one node. */
    clusterPrimaries: number;
  };
  upstream: {
    refreshesPerMinuteNeeded: number;
    /** What the free budgets give the market backbone (tokens refreshed per minute). */
    backboneRefreshesPerMinute: number;
    /** How often a cold token is refreshed on the free budgets, in seconds (Infinity: the hot set takes it all). */
    coldRefreshSecondsOnFreeBudget: number;
    /** Budgets of the backbone source needed (the first is the free one). */
    backboneBudgetsNeeded: number;
    /** The smallest Birdeye plan that covers the need alone, or null when none does. */
    birdeyePlan: string | null;
    perSource: Array<{ source: string; refreshesPerMinute: number }>;
  };
  events: { pricePerSecond: number; deliveriesPerSecond: number };
  limits: Limit[];
  /** The limit that more pods do not lift (a wall) with the least headroom: where the load breaks first. */
  firstBottleneck: Limit;
}

const MIB = 1024 ** 2;
const DAY_SECONDS = 86_400;
/** Bucket length of each candle resolution, in seconds. */
export const RESOLUTION_SECONDS = { M1: 60, M5: 300, M15: 900, H1: 3_600, H4: 14_400, D1: DAY_SECONDS } as const;
/** Redis commands market-data spends per token refresh: the record's write, its lease, the set updates (assumed). */
const REDIS_COMMANDS_PER_REFRESH = 3;

/** Tokens refreshed per minute by one poller's share of a budget. */
export function toRefreshesPerMinute(budget: UpstreamBudget, pollingShare: number): number {
  return Math.floor(budget.callsPerMinute * pollingShare) * budget.addressesPerCall;
}

/**
 * Candle rows kept per token at steady state: for each resolution, the buckets within its retention times
 * the share of buckets that get a sample (a token refreshed every `refreshSeconds` fills at most one bucket
 * per refresh).
 */
export function toCandleRowsPerToken(refreshSeconds: number, deployment: DeploymentSettings): number {
  let rows = 0;
  for (const [resolution, bucket] of Object.entries(RESOLUTION_SECONDS)) {
    const days = deployment.retentionDays[resolution as keyof typeof RESOLUTION_SECONDS] || deployment.foreverDays;
    rows += ((days * DAY_SECONDS) / bucket) * Math.min(1, bucket / refreshSeconds);
  }
  return rows;
}

/**
 * Rows of the largest candle partition: with time partitions, one window of a resolution; H4 and D1 (and
 * every resolution when nothing is partitioned) hold all their retained rows in one.
 */
export function toLargestCandlePartitionRows(target: LoadTarget, deployment: DeploymentSettings): number {
  const hot = Math.min(target.hotTokens, target.tokens);
  const cold = target.tokens - hot;
  const partitioned = Object.keys(deployment.partitionDays).length > 0;
  let largest = 0;
  let whole = 0;
  for (const [resolution, bucket] of Object.entries(RESOLUTION_SECONDS) as Array<
    [keyof typeof RESOLUTION_SECONDS, number]
  >) {
    const days =
      deployment.partitionDays[resolution] ?? (deployment.retentionDays[resolution] || deployment.foreverDays);
    const rows = (refresh: number) => ((days * DAY_SECONDS) / bucket) * Math.min(1, bucket / refresh);
    const inOne = hot * rows(target.hotRefreshSeconds) + cold * rows(target.coldRefreshSeconds);
    if (partitioned) largest = Math.max(largest, inOne);
    else whole += inOne;
  }
  return partitioned ? largest : whole;
}

function sizeService(cores: number, minimum: number, deployment: DeploymentSettings) {
  const byCpu = Math.ceil(cores / deployment.coresPerPod);
  return byCpu > minimum ? { pods: byCpu, drivenBy: 'cpu' as const } : { pods: minimum, drivenBy: 'minimum' as const };
}

const limit = (
  name: string,
  demand: number,
  capacity: number,
  unit: string,
  scalesOut: boolean,
  remedy: string,
): Limit => ({
  name,
  demand,
  capacity,
  unit,
  headroom: demand === 0 ? Infinity : capacity / demand,
  scalesOut,
  remedy,
});

/** Sizes a deployment for `target` from the measured `inputs`. */
export function toCapacityPlan(target: LoadTarget, inputs: ModelInputs): CapacityPlan {
  const { figures: f, deployment: d } = inputs;
  for (const [key, value] of Object.entries(target)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`${key} must be a finite number ≥ 0, got ${value}`);
  }
  if (target.hotRefreshSeconds <= 0 || target.coldRefreshSeconds <= 0) {
    throw new RangeError('refresh intervals must be > 0');
  }
  const perCore = 1000 * d.targetUtilisation;
  const hot = Math.min(target.hotTokens, target.tokens);
  const cold = target.tokens - hot;

  // Upstream: every source polls the same order (demand first); the backbone is the first 'market' source.
  const backbone = inputs.upstreams.find((u) => u.gives === 'market')!;
  const backboneRate = toRefreshesPerMinute(backbone, d.pollingShare);
  const refreshesNeeded = (hot * 60) / target.hotRefreshSeconds + (cold * 60) / target.coldRefreshSeconds;
  const hotShare = (hot * 60) / target.hotRefreshSeconds;
  const coldSeconds = cold === 0 ? 0 : backboneRate > hotShare ? (cold * 60) / (backboneRate - hotShare) : Infinity;
  const birdeye = inputs.birdeyeTiers.find(
    (tier) => tier.requestsPerSecond * 60 * d.pollingShare * inputs.birdeyeAddressesPerCall >= refreshesNeeded,
  );

  // Events: a refresh that changes the price publishes price.updated (upper bound: every one does). The plan
  // sizes for the target met, i.e. with the upstream plan it names bought.
  const eventsPerSecond = refreshesNeeded / 60;
  const deliveriesPerSecond = target.subscribers * target.deliveriesPerSubscriber;

  // Gateway: CPU for queries and deliveries, or sockets per pod, whichever asks for more.
  const gatewayCores =
    (target.qps * f.gatewayCpuMsPerQuery.value + deliveriesPerSecond * f.gatewayCpuMsPerDelivery.value) / perCore;
  const bySockets = Math.ceil(target.subscribers / d.subscribersPerGatewayPod);
  const byCpu = sizeService(gatewayCores, d.minPods, d);
  const gatewayPods = Math.max(byCpu.pods, bySockets);
  const gateway: ServicePlan = {
    pods: gatewayPods,
    cores: gatewayCores,
    drivenBy: bySockets > byCpu.pods ? 'subscribers' : byCpu.drivenBy,
    memoryMiBPerPod:
      f.gatewayRssBaseMiB.value +
      (f.gatewayRssPerThousandSubscribersMiB.value * target.subscribers) / gatewayPods / 1000,
  };

  // Every refresh's snapshot becomes candles in the tokens subgraph, on the primary.
  const snapshotsPerSecond = refreshesNeeded / 60;
  const tokensCores =
    (target.qps * f.tokensCpuMsPerQuery.value + snapshotsPerSecond * f.tokensCpuMsPerSnapshot.value) / perCore;
  const primaryWriteCores = (snapshotsPerSecond * f.postgresCpuMsPerSnapshot.value) / perCore;
  const tokens: ServicePlan = {
    ...sizeService(tokensCores, d.minPods, d),
    cores: tokensCores,
    memoryMiBPerPod: f.subgraphRssMiB.value,
  };
  const marketCores =
    (target.qps * f.marketDataCpuMsPerQuery.value + eventsPerSecond * f.mergeCpuMsPerTokenRefresh.value) / perCore;
  const marketData: ServicePlan = {
    ...sizeService(marketCores, d.minPods, d),
    cores: marketCores,
    memoryMiBPerPod: f.subgraphRssMiB.value,
  };

  // Postgres: reads on replicas (at least one, for failover), every tokens pod's pool on every server.
  const readCores = (target.qps * f.postgresCpuMsPerQuery.value) / perCore;
  const replicas = Math.max(1, Math.ceil(readCores / d.postgresCoresPerServer));
  const connectionsPerServer = tokens.pods * d.databasePoolSize;
  const candleRows =
    hot * toCandleRowsPerToken(target.hotRefreshSeconds, d) + cold * toCandleRowsPerToken(target.coldRefreshSeconds, d);
  const storageBytes = candleRows * f.postgresBytesPerCandle.value + target.tokens * f.postgresBytesPerToken.value;
  // Every snapshot upserts its minute candle and rolls it up into the five coarser ones.
  const candleRowsWrittenPerSecond = eventsPerSecond * Object.keys(RESOLUTION_SECONDS).length;

  // Redis: queries' commands, polling's writes; pub/sub sends each event to every gateway.
  const pubsubMessagesPerSecond = eventsPerSecond * gatewayPods;
  const commandsPerSecond = target.qps * f.redisCommandsPerQuery.value + eventsPerSecond * REDIS_COMMANDS_PER_REFRESH;
  const clusterPrimaries = Math.max(
    1,
    Math.ceil(commandsPerSecond / (f.redisOpsPerSecondPerCore.value * d.targetUtilisation)),
  );

  const limits = [
    limit(
      `upstream backbone (${backbone.source}, free budget)`,
      refreshesNeeded,
      backboneRate,
      'token refreshes / min',
      false,
      `more budget: ${backbone.upgrade}; or a paid source (Birdeye ${birdeye?.plan ?? 'none large enough'})`,
    ),
    limit(
      'Redis pub/sub and streams node (REDIS_URL)',
      pubsubMessagesPerSecond + eventsPerSecond * 2,
      f.redisOpsPerSecondPerCore.value * d.targetUtilisation,
      'messages / s',
      false,
      'one node carries every event to every gateway: regional fan-out (docs/scaling.md, multi-region)',
    ),
    limit(
      'Redis cache, one primary',
      commandsPerSecond,
      f.redisOpsPerSecondPerCore.value * d.targetUtilisation,
      'commands / s',
      true,
      'REDIS_CLUSTER_NODES (keys carry the token in a hash tag)',
    ),
    limit(
      'Postgres connections per server',
      connectionsPerServer,
      d.postgresMaxConnections,
      'connections',
      false,
      'a smaller DATABASE_POOL_SIZE, a pooler (PgBouncer, transaction mode) or a larger max_connections',
    ),
    limit(
      'Postgres data on one primary',
      storageBytes,
      d.postgresMaxBytesPerServer,
      'bytes',
      false,
      'time-partitioned candles, then distribute by token (docs/scaling.md, sharding plan)',
    ),
    limit(
      Object.keys(d.partitionDays).length > 0 ? 'largest candle partition' : 'candles in one unpartitioned table',
      toLargestCandlePartitionRows(target, d) * f.postgresBytesPerCandle.value,
      d.candlePartitionMaxBytes,
      'bytes',
      false,
      'partitions by resolution and time (migration 1764500000000); H4/D1 grow forever: a retention, or time partitions for them too',
    ),
    limit(
      'Postgres primary CPU (snapshot ingestion)',
      primaryWriteCores,
      d.postgresCoresPerServer,
      'cores',
      false,
      'one primary takes every write: distribute candles by token (docs/scaling.md, sharding plan, step 2)',
    ),
    limit(
      'Postgres read CPU, one replica',
      readCores,
      d.postgresCoresPerServer,
      'cores',
      true,
      'more read replicas (DATABASE_REPLICA_URLS)',
    ),
    // Pods the load asks for (not the availability minimum), against what the HPAs may add.
    limit(
      'gateway pods (HPA maxReplicas)',
      Math.max(gatewayCores / d.coresPerPod, target.subscribers / d.subscribersPerGatewayPod),
      d.maxGatewayPods,
      'pods',
      true,
      'raise maxReplicas',
    ),
    limit(
      'market-data pods (HPA maxReplicas)',
      marketCores / d.coresPerPod,
      d.maxMarketDataPods,
      'pods',
      true,
      'raise maxReplicas',
    ),
  ];
  // Where it breaks first: the wall (a limit more pods do not lift) with the least headroom.
  const firstBottleneck = limits
    .filter((l) => !l.scalesOut)
    .reduce((worst, l) => (l.headroom < worst.headroom ? l : worst));

  return {
    target,
    gateway,
    tokens,
    marketData,
    postgres: {
      readCores,
      primaryWriteCores,
      replicas,
      connectionsPerServer,
      candleRows,
      storageBytes,
      candleRowsWrittenPerSecond,
    },
    redis: {
      commandsPerSecond,
      pubsubMessagesPerSecond,
      memoryBytes: target.tokens * f.redisBytesPerToken.value + 64 * MIB,
      clusterPrimaries,
    },
    upstream: {
      refreshesPerMinuteNeeded: refreshesNeeded,
      backboneRefreshesPerMinute: backboneRate,
      coldRefreshSecondsOnFreeBudget: coldSeconds,
      backboneBudgetsNeeded: Math.ceil(refreshesNeeded / backboneRate),
      birdeyePlan: birdeye?.plan ?? null,
      perSource: inputs.upstreams.map((u) => ({
        source: u.source,
        refreshesPerMinute: toRefreshesPerMinute(u, d.pollingShare),
      })),
    },
    events: { pricePerSecond: eventsPerSecond, deliveriesPerSecond },
    limits,
    firstBottleneck,
  };
}

/**
 * What the figures predict for one machine running the whole stack (the benches' set-up): queries per
 * second when `cores` are saturated by the services, Postgres and Redis, and each process's CPU at `qps`.
 */
export function toMachinePrediction(figures: ServiceFigures, cores: number, qps: number) {
  const perQuery = {
    gateway: figures.gatewayCpuMsPerQuery.value,
    subgraphs: figures.tokensCpuMsPerQuery.value + figures.marketDataCpuMsPerQuery.value,
    postgres: figures.postgresCpuMsPerQuery.value,
    redis: figures.redisCpuMsPerQuery.value,
  };
  const total = Object.values(perQuery).reduce((a, b) => a + b, 0);
  return {
    maxQps: (cores * 1000) / total,
    cpuPercentAt: Object.fromEntries(Object.entries(perQuery).map(([k, ms]) => [k, (qps * ms) / 10])) as Record<
      keyof typeof perQuery,
      number
    >,
  };
}
