import { describe, expect, it } from '@jest/globals';
import type { DeploymentSettings, Figure, ServiceFigures, UpstreamBudget } from './capacity-figures.js';
import {
  toLargestCandlePartitionRows,
  toCandleRowsPerToken,
  toCapacityPlan,
  toMachinePrediction,
  toRefreshesPerMinute,
  type LoadTarget,
  type ModelInputs,
} from './capacity-model.js';

// Round figures, so every expected value below can be worked out by hand.
const fig = (value: number): Figure => ({ value, unit: '', source: 'test' });
const figures: ServiceFigures = {
  gatewayCpuMsPerQuery: fig(2),
  tokensCpuMsPerQuery: fig(1),
  marketDataCpuMsPerQuery: fig(1),
  postgresCpuMsPerQuery: fig(1),
  redisCpuMsPerQuery: fig(0.1),
  sqlStatementsPerQuery: fig(1),
  redisCommandsPerQuery: fig(2),
  gatewayCpuMsPerDelivery: fig(0.05),
  gatewayRssBaseMiB: fig(200),
  gatewayRssPerThousandSubscribersMiB: fig(40),
  subgraphRssMiB: fig(250),
  mergeCpuMsPerTokenRefresh: fig(0.5),
  tokensCpuMsPerSnapshot: fig(0.1),
  postgresCpuMsPerSnapshot: fig(0.5),
  redisOpsPerSecondPerCore: fig(100_000),
  redisBytesPerToken: fig(1_000),
  postgresBytesPerCandle: fig(200),
  postgresBytesPerToken: fig(1_000),
};
const upstreams: UpstreamBudget[] = [
  { source: 'DS', callsPerMinute: 300, addressesPerCall: 30, gives: 'market', upgrade: 'none' },
  { source: 'JUP', callsPerMinute: 30, addressesPerCall: 50, gives: 'price', upgrade: 'key' },
];
const deployment: DeploymentSettings = {
  coresPerPod: 1,
  targetUtilisation: 0.5,
  subscribersPerGatewayPod: 5_000,
  maxGatewayPods: 20,
  maxMarketDataPods: 6,
  minPods: 2,
  databasePoolSize: 10,
  postgresMaxConnections: 100,
  postgresCoresPerServer: 8,
  postgresMaxBytesPerServer: 1024 ** 4,
  candlePartitionMaxBytes: 64 * 1024 ** 3,
  partitionDays: { M1: 1, M5: 7, M15: 7, H1: 30 },
  pollingShare: 0.8,
  retentionDays: { M1: 2, M5: 14, M15: 31, H1: 92, H4: 0, D1: 0 },
  foreverDays: 365,
};
const inputs: ModelInputs = {
  figures,
  upstreams,
  birdeyeTiers: [
    { plan: 'free', requestsPerSecond: 1 },
    { plan: 'lite', requestsPerSecond: 15 },
  ],
  birdeyeAddressesPerCall: 100,
  deployment,
};
const target = (over: Partial<LoadTarget>): LoadTarget => ({
  subscribers: 0,
  qps: 0,
  tokens: 0,
  hotTokens: 0,
  deliveriesPerSubscriber: 1,
  hotRefreshSeconds: 2,
  coldRefreshSeconds: 300,
  ...over,
});

describe('toRefreshesPerMinute', () => {
  it.each([
    [300, 30, 0.8, 7_200],
    [30, 50, 0.8, 1_200],
    [30, 30, 0.8, 720],
    // The poller's share is whole calls: 2.4 calls a minute is 2.
    [3, 30, 0.8, 60],
  ])('%i calls/min × %i addresses at %f → %i tokens/min', (calls, addresses, share, expected) => {
    expect(
      toRefreshesPerMinute(
        { source: 's', callsPerMinute: calls, addressesPerCall: addresses, gives: 'market', upgrade: '' },
        share,
      ),
    ).toBe(expected);
  });
});

describe('toCandleRowsPerToken', () => {
  it.each([
    // Refreshed every minute or faster: every bucket of every resolution has a row.
    // M1 2 d = 2,880; M5 14 d = 4,032; M15 31 d = 2,976; H1 92 d = 2,208; H4 365 d = 2,190; D1 365 d = 365.
    [2, 14_651],
    [60, 14_651],
    // Every 300 s: a minute bucket gets a row one time in five (576); coarser buckets all get one.
    [300, 576 + 4_032 + 2_976 + 2_208 + 2_190 + 365],
    // Every day: one row per day at every resolution, i.e. days kept (2 + 14 + 31 + 92 + 365 + 365).
    [86_400, 869],
  ])('refreshed every %i s → %i rows', (seconds, rows) => {
    expect(toCandleRowsPerToken(seconds, deployment)).toBeCloseTo(rows, 6);
  });
});

describe('toLargestCandlePartitionRows', () => {
  it.each([
    // [case, partition days, tokens, expected rows]
    // Partitioned: H4 kept 365 days in one partition is the largest: 2,190 buckets, all filled every 300 s.
    ['partitioned: the forever H4 partition', { M1: 1, M5: 7, M15: 7, H1: 30 }, 1_000, 1_000 * 2_190],
    // Unpartitioned: every retained row of every resolution in one table (12,347 per token at 300 s).
    ['one table', {}, 1_000, 1_000 * 12_347],
  ] as const)('%s', (_case, partitionDays, tokens, rows) => {
    expect(toLargestCandlePartitionRows(target({ tokens }), { ...deployment, partitionDays })).toBeCloseTo(rows, 6);
  });
});

describe('toCapacityPlan', () => {
  it.each([
    // [case, target, gateway pods, driven by, tokens pods, market-data pods]
    ['idle: the availability minimum everywhere', target({}), 2, 'minimum', 2, 2],
    // 1,000 q/s × 2 ms = 2 cores at 50 % → 4 pods; tokens and market-data 1 ms → 2 cores each.
    ['queries: CPU', target({ qps: 1_000 }), 4, 'cpu', 2, 2],
    ['more queries', target({ qps: 5_000 }), 20, 'cpu', 10, 10],
    // 30,000 sockets → 6 pods at 5,000 each; their 30,000 deliveries/s are 1.5 cores → 3 pods by CPU.
    ['sockets before CPU', target({ subscribers: 30_000 }), 6, 'subscribers', 2, 2],
    // 100,000 deliveries/s for 10,000 sockets (10 each): 5 cores at 50 % → 10 pods, more than 2 by sockets.
    ['deliveries: CPU', target({ subscribers: 10_000, deliveriesPerSubscriber: 10 }), 10, 'cpu', 2, 2],
  ] as const)('%s', (_case, load, gatewayPods, drivenBy, tokensPods, marketPods) => {
    const plan = toCapacityPlan(load, inputs);
    expect([plan.gateway.pods, plan.gateway.drivenBy, plan.tokens.pods, plan.marketData.pods]).toEqual([
      gatewayPods,
      drivenBy,
      tokensPods,
      marketPods,
    ]);
  });

  it('sizes gateway memory from its base and its share of the sockets', () => {
    // 30,000 sockets on 6 pods: 5,000 each → 200 + 40 × 5 MiB.
    expect(toCapacityPlan(target({ subscribers: 30_000 }), inputs).gateway.memoryMiBPerPod).toBe(400);
  });

  it.each([
    // [case, target, refreshes/min needed, backbone budgets, Birdeye plan, cold refresh on the free budget (s)]
    // 1,000 cold tokens every 300 s = 200/min: well within 7,200.
    ['a small set', target({ tokens: 1_000 }), 200, 1, 'free', 300 * (200 / 7_200)],
    // 100 hot every 2 s = 3,000/min, 9,900 cold every 300 s = 1,980/min; the free budget refreshes the cold
    // ones with what the hot ones leave: 9,900 / 4,200 per minute.
    // Birdeye's free plan gives 1 × 60 × 0.8 × 100 = 4,800: not enough.
    ['hot and cold', target({ tokens: 10_000, hotTokens: 100 }), 4_980, 1, 'lite', (9_900 * 60) / 4_200],
    // 1,000 hot = 30,000/min + 99,000 cold = 19,800/min → 7 budgets; Birdeye lite: 15 × 60 × 0.8 × 100 = 72,000.
    ['the issue target', target({ tokens: 100_000, hotTokens: 1_000 }), 49_800, 7, 'lite', Infinity],
    // 1,000,000 tokens every 300 s = 200,000/min: no Birdeye plan of the table is enough.
    ['past every plan', target({ tokens: 1_000_000 }), 200_000, 28, null, (1_000_000 * 60) / 7_200],
  ] as const)('upstream: %s', (_case, load, needed, budgets, birdeye, coldSeconds) => {
    const { upstream } = toCapacityPlan(load, inputs);
    expect(upstream.refreshesPerMinuteNeeded).toBeCloseTo(needed, 6);
    expect(upstream.backboneBudgetsNeeded).toBe(budgets);
    expect(upstream.birdeyePlan).toBe(birdeye);
    expect(upstream.coldRefreshSecondsOnFreeBudget).toBeCloseTo(coldSeconds, 6);
  });

  it.each([
    // [case, target, first bottleneck, exceeded at the target]
    // The two tokens pods' pools already hold 20 of the 100 connections: 5× headroom, the least of the walls.
    ['idle: the wall with least headroom', target({ tokens: 10 }), 'Postgres connections', []],
    ['a hot set beyond the free budget', target({ tokens: 10_000, hotTokens: 1_000 }), 'upstream', ['upstream']],
    // 12,000 q/s → 24 cores of tokens at 50 % = 24 pods × 10 connections = 240 > 100. Read CPU (24 cores on
    // one 8-core replica) has less headroom, but more replicas lift it: the wall is the connections.
    [
      'connections before replicas',
      target({ qps: 12_000, tokens: 10 }),
      'Postgres connections',
      ['Postgres connections', 'Postgres read CPU', 'gateway pods', 'market-data pods'],
    ],
  ] as const)('limits: %s', (_case, load, first, exceeded) => {
    const plan = toCapacityPlan(load, inputs);
    expect(plan.firstBottleneck.name).toMatch(new RegExp(`^${first}`));
    expect(plan.limits.filter((l) => l.headroom < 1).map((l) => l.name.split(' (')[0]!.replace(/,.*$/, ''))).toEqual(
      exceeded.map((name) => expect.stringContaining(name)),
    );
  });

  it('sizes Postgres: read replicas by CPU (at least one), connections by tokens pods, data by tokens and candles', () => {
    // 19,900 q/s × 1 ms at 50 % = 39.8 cores of reads → 5 replicas of 8; tokens (plus a sliver of ingestion)
    // 40 pods × 10 connections.
    const plan = toCapacityPlan(
      target({ qps: 19_900, tokens: 1_000, hotTokens: 0, coldRefreshSeconds: 86_400 }),
      inputs,
    );
    expect(plan.postgres.replicas).toBe(5);
    expect(plan.postgres.connectionsPerServer).toBe(400);
    expect(plan.postgres.candleRows).toBeCloseTo(1_000 * 869, 6);
    expect(plan.postgres.storageBytes).toBeCloseTo(1_000 * 869 * 200 + 1_000 * 1_000, 6);
    expect(toCapacityPlan(target({ qps: 1 }), inputs).postgres.replicas).toBe(1);
  });

  it('sizes snapshot ingestion: tokens CPU and the primary CPU per refreshed token', () => {
    // 600,000 tokens every 300 s = 2,000 snapshots/s: tokens 0.2 cores, primary 1 core, at 50 % → 0.4 and 2.
    const plan = toCapacityPlan(target({ tokens: 600_000 }), inputs);
    expect(plan.tokens.cores).toBeCloseTo(0.4, 6);
    expect(plan.postgres.primaryWriteCores).toBeCloseTo(2, 6);
    expect(plan.limits.find((l) => l.name.startsWith('Postgres primary CPU'))!.headroom).toBeCloseTo(4, 6);
  });

  it('sizes Redis: queries and refreshes on the cache, every event once per gateway on pub/sub', () => {
    // 6,000 refreshes/min = 100 events/s; 30,000 sockets → 6 gateways → 600 pub/sub messages/s.
    // No queries: the 30,000 deliveries/s are 3 pods by CPU, the sockets 6.
    const plan = toCapacityPlan(target({ subscribers: 30_000, tokens: 30_000, coldRefreshSeconds: 300 }), inputs);
    expect(plan.events.pricePerSecond).toBeCloseTo(100, 6);
    expect(plan.redis.pubsubMessagesPerSecond).toBeCloseTo(600, 6);
    expect(plan.redis.commandsPerSecond).toBeCloseTo(100 * 3, 6);
    expect(toCapacityPlan(target({ qps: 1_000 }), inputs).redis.commandsPerSecond).toBe(2_000);
    expect(plan.redis.memoryBytes).toBe(30_000 * 1_000 + 64 * 1024 ** 2);
  });

  it.each([
    ['a negative load', target({ qps: -1 })],
    ['a load that is not a number', target({ tokens: Number.NaN })],
    ['a zero refresh interval', target({ coldRefreshSeconds: 0 })],
  ])('refuses %s', (_case, load) => {
    expect(() => toCapacityPlan(load, inputs)).toThrow(RangeError);
  });
});

describe('toMachinePrediction', () => {
  it('predicts the saturation rate of a machine running everything and each part’s CPU at a rate', () => {
    // 2 + 1 + 1 + 1 + 0.1 = 5.1 ms per query: 2 cores → 392 q/s; at 100 q/s the gateway uses 20 % of a core.
    const prediction = toMachinePrediction(figures, 2, 100);
    expect(prediction.maxQps).toBeCloseTo(2000 / 5.1, 6);
    expect(prediction.cpuPercentAt).toEqual({ gateway: 20, subgraphs: 20, postgres: 10, redis: 1 });
  });
});
