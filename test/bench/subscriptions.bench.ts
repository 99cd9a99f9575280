/**
 * Live subscriptions at 10,000 subscribers: `npx tsx test/bench/subscriptions.bench.ts`.
 *
 * Starts the tokens subgraph (fresh database on DATABASE_URL's server, default the local Postgres) and
 * market-data (no polling, upstreams pointed at a closed port, market records warmed into its Redis cache),
 * every gateway instance and the graphql-ws clients, each in its own child process (so the gateway's RSS
 * and CPU are its own), all in production mode with a subgraph secret, as deployed. Subgraph requests are
 * counted from the gateways' own fetch metrics. Seeds 500 tokens, opens BENCH_SUBSCRIBERS
 * (default 10,000) graphql-ws connections, one priceUpdated subscription each (20 per token), publishes one
 * price.updated per token per second on Redis for BENCH_SECONDS (default 30) after BENCH_WARMUP_SECONDS (5) of
 * uncounted events, and measures publish→client
 * latency, gateway RSS and CPU, and subgraph requests per event. Every delivery is checked (right token,
 * symbol, name and, where selected, market price); wrong or lost deliveries make the process exit with 1.
 *
 * BENCH_SCENARIOS (default `1:metadata,1:unkept,1:market,2:metadata`): gateway instances and selection —
 * `metadata` selects `token { symbol name }` (kept per token by the gateway, SUBSCRIPTION_METADATA_TTL_MS),
 * `unkept` the same with keeping off (every event hydrated: the previous behaviour, side by side),
 * `market` adds `market { priceUsd }` (answered from the market record each price.updated carries, as
 * market-data publishes it: no subgraph call per event); `market-hydrated` the same with events that carry
 * no market record (market hydrated from market-data for every event: the previous behaviour, side by side).
 * BENCH_CLIENT_PROCESSES (default 2) splits the clients over that many processes: with all 10,000 sockets in
 * one process, that process's own GC pauses made most of the measured tail (an 80 s run: client-side p99
 * 177 ms while the gateway handed 99 % of results to their sockets within 10 ms; 22 ms with two processes).
 * Then it runs token-list.bench.ts (live ranked lists; BENCH_LISTS=0 skips it).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { Topic, topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData } from '@memegraph/market-data';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { ask, forkBenchChild, inBatches, serveBenchClients } from './bench-child.js';
import { ensureRedis } from '../harness/redis.js';
import { createTestDatabase } from '../harness/test-database.js';
import {
  clearRedisPrefix,
  createBenchTokens,
  seedTokensDatabase,
  toBenchMarketDataEnv,
  toMarketRecord,
  warmMarketCache,
  type BenchToken,
} from './gateway-peers/dataset.js';
import { toEventMarket } from '../../subgraphs/market-data/src/events/to-event-market.js';
import { runTokenListBench } from './token-list.bench.js';

const GATEWAY_FLAG = '--serve-gateway';
const TOKENS_FLAG = '--serve-tokens';
const MARKET_FLAG = '--serve-market';
const CLIENTS_FLAG = '--run-clients';
const TOKEN_COUNT = 500;
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
/** Seconds of events before each scenario's measured window (not counted). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const CONNECT_CONCURRENCY = 250;
const DRAIN_MS = 3_000;
const subscription = (tokenFields: string) =>
  `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) { token { ${tokenFields} } priceUsd changePct at } }`;

/** What subscribers select, the gateway settings it runs with, and whether events carry the market record. */
const VARIANTS = {
  metadata: { query: subscription('symbol name'), env: {}, eventMarket: true },
  unkept: { query: subscription('symbol name'), env: { SUBSCRIPTION_METADATA_TTL_MS: '0' }, eventMarket: true },
  market: { query: subscription('symbol name market { priceUsd }'), env: {}, eventMarket: true },
  'market-hydrated': { query: subscription('symbol name market { priceUsd }'), env: {}, eventMarket: false },
} satisfies Record<string, { query: string; env: Record<string, string>; eventMarket: boolean }>;
type Variant = keyof typeof VARIANTS;
/** BENCH_SCENARIOS, as [gateway instances, variant]. */
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? '1:metadata,1:unkept,1:market,2:metadata').split(',').map((entry) => {
  const [instances, variant] = entry.split(':');
  if (!Number(instances) || !(variant! in VARIANTS)) {
    throw new Error(`BENCH_SCENARIOS entry "${entry}": expected <instances>:<${Object.keys(VARIANTS).join('|')}>`);
  }
  return [Number(instances), variant as Variant] as const;
});

interface Assignment {
  url: string;
  token: number;
  variant: Variant;
}
interface GatewayStats {
  maxRssBytes: number;
  cpuPct: number;
  hydrationCalls: number;
  subscribers: number;
  connections: number;
  loopDelayP99Ms: number;
  /** Gateway-side delivery latency (event from Redis → socket), "p50/p99" in ms as histogram bucket bounds. */
  delivery: string;
  /** The gateway's hydration queries (planning, fetches, execution), "p50/p99" in ms as bucket bounds. */
  hydration: string;
  /** The gateway's fetches from each subgraph (hydration), "p50/p99" in ms as histogram bucket bounds. */
  tokensFetch: string;
  marketFetch: string;
  /** Fetches from each subgraph since the reset. */
  tokensFetches: number;
  marketFetches: number;
}
interface ClientReport {
  latencies: number[];
  /** Correct deliveries per assignment, in assignment order. */
  received: number[];
  wrong: string[];
  errors: number;
  closed: number;
  cpuPct: number;
}
interface Row {
  scenario: string;
  subscribers: number;
  eventsPerSecond: number;
  deliveriesPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  maxRssMb: number;
  cpuPct: string;
  hydrationPerEvent: string;
  tokensRequestsPerEvent: string;
  marketRequestsPerEvent: string;
  lost: number;
  wrong: number;
  clientCpuPct: string;
}

/*
 * Derived from the index, so the client processes compute the same tokens as the parent. Prices are
 * distinct: every event of a token carries its price, so a delivery proves which token it was about.
 */
const tokens: BenchToken[] = createBenchTokens(TOKEN_COUNT, TOKEN_COUNT);

const readRss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;

type Buckets = Array<{ le: number; count: number }>;
/** Histograms the bench reports from each gateway's /metrics: its delivery latency and its subgraph fetches. */
const HISTOGRAMS = {
  delivery: /^memegraph_subscription_delivery_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm,
  hydration: /^memegraph_subscription_hydration_query_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm,
  tokens: /^memegraph_subgraph_fetch_duration_seconds_bucket\{le="([^"]+)",subgraph="tokens",outcome="ok"\} (\d+)$/gm,
  market:
    /^memegraph_subgraph_fetch_duration_seconds_bucket\{le="([^"]+)",subgraph="market-data",outcome="ok"\} (\d+)$/gm,
};
type HistogramName = keyof typeof HISTOGRAMS;

/** Cumulative bucket counts of each of HISTOGRAMS from a gateway's /metrics. */
async function readBuckets(metricsUrl: string): Promise<Record<HistogramName, Buckets>> {
  const text = await (await fetch(metricsUrl)).text();
  const read = (pattern: RegExp): Buckets =>
    [...text.matchAll(pattern)].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }));
  return {
    delivery: read(HISTOGRAMS.delivery),
    hydration: read(HISTOGRAMS.hydration),
    tokens: read(HISTOGRAMS.tokens),
    market: read(HISTOGRAMS.market),
  };
}

/** The smallest bucket bound (ms) under which a fraction `q` of the deliveries since `before` fell. */
function bucketQuantileMs(before: Buckets, after: Buckets, q: number): number {
  const deltas = after.map((bucket, i) => ({ le: bucket.le, count: bucket.count - (before[i]?.count ?? 0) }));
  const total = deltas.at(-1)?.count ?? 0;
  return (deltas.find((bucket) => bucket.count >= q * total)?.le ?? NaN) * 1000;
}

/** Child mode: one gateway instance; answers `reset` and `stats` over IPC. */
async function serveGateway(env: Record<string, string>): Promise<void> {
  const gateway = await startGateway(loadGatewayConfig(env), createLogger('gateway', 'silent'));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let maxRss = readRss();
  const sampler = setInterval(() => (maxRss = Math.max(maxRss, readRss())), 200);
  let cpu = process.cpuUsage();
  let since = performance.now();
  let calls = gateway.hydrator.calls;
  const metricsUrl = gateway.url.replace(/\/graphql$/, '/metrics');
  let buckets = await readBuckets(metricsUrl);
  const answer = async (message: { type: string }) => {
    if (message.type === 'reset') {
      [cpu, since, calls] = [process.cpuUsage(), performance.now(), gateway.hydrator.calls];
      loop.reset();
      buckets = await readBuckets(metricsUrl);
      process.send!({ type: 'reset' });
    } else if (message.type === 'stats') {
      const used = process.cpuUsage(cpu);
      const now = await readBuckets(metricsUrl);
      const quantiles = (name: HistogramName) =>
        `${bucketQuantileMs(buckets[name], now[name], 0.5)}/${bucketQuantileMs(buckets[name], now[name], 0.99)}`;
      const stats: GatewayStats = {
        maxRssBytes: Math.max(maxRss, readRss()),
        cpuPct: ((used.user + used.system) / 1000 / (performance.now() - since)) * 100,
        hydrationCalls: gateway.hydrator.calls - calls,
        subscribers: gateway.executor.subscriberCount,
        connections: gateway.subscriptions.connections,
        loopDelayP99Ms: loop.percentile(99) / 1e6,
        delivery: quantiles('delivery'),
        hydration: quantiles('hydration'),
        tokensFetch: quantiles('tokens'),
        marketFetch: quantiles('market'),
        tokensFetches: (now.tokens.at(-1)?.count ?? 0) - (buckets.tokens.at(-1)?.count ?? 0),
        marketFetches: (now.market.at(-1)?.count ?? 0) - (buckets.market.at(-1)?.count ?? 0),
      };
      process.send!({ type: 'stats', ...stats });
    }
  };
  process.on('message', (message: { type: string }) => void answer(message));
  process.once('disconnect', () => {
    clearInterval(sampler);
    void gateway.close().finally(() => process.exit(0));
  });
  process.send!({ type: 'ready', url: gateway.url });
}

/** Child mode: the tokens or the market-data subgraph, stopped when the parent disconnects. */
async function serveSubgraph(flag: string): Promise<void> {
  const env = JSON.parse(process.argv[3]!) as Record<string, string>;
  const log = createLogger(flag.slice(2), 'silent');
  const service =
    flag === TOKENS_FLAG
      ? await startTokens(loadTokensConfig(env), log)
      : await startMarketData(loadMarketDataConfig(env), log);
  process.once('disconnect', () => void service.close().finally(() => process.exit(0)));
  process.send!({ type: 'ready', url: service.url });
}

/** Child mode: graphql-ws clients; `connect` opens them, `reset` starts recording, `report` returns it. */
async function runClients(): Promise<void> {
  let assignments: Assignment[] = [];
  let received: number[] = [];
  let latencies: number[] = [];
  let wrong: string[] = [];
  let errors = 0;
  let closed = 0;
  let cpu = process.cpuUsage();
  let since = performance.now();
  const clients: Client[] = [];

  const open = async (assignment: Assignment, i: number) => {
    const token = tokens[assignment.token]!;
    const client = createClient({
      url: assignment.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: () => void (closed += 1) },
    });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.on('connected', () => resolve());
      client.on('error', reject);
    });
    client.subscribe<{
      priceUpdated: { priceUsd: number; at: string; token: BenchToken & { market?: { priceUsd: number } | null } };
    }>(
      { query: VARIANTS[assignment.variant].query, variables: { a: [token.address] } },
      {
        next: (result) => {
          const now = Date.now();
          const update = result.data?.priceUpdated;
          if (!update) return void (errors += 1);
          if (update.priceUsd !== token.priceUsd || update.token.symbol !== token.symbol) {
            return void wrong.push(`${token.symbol} got ${JSON.stringify(update)}`);
          }
          if (update.token.name !== token.name) return void wrong.push(`${token.symbol} named ${update.token.name}`);
          if (assignment.variant.startsWith('market') && update.token.market?.priceUsd !== token.priceUsd) {
            return void wrong.push(`${token.symbol} market ${JSON.stringify(update.token.market)}`);
          }
          received[i]! += 1;
          latencies.push(now - Date.parse(update.at));
        },
        error: () => void (errors += 1),
        complete: () => undefined,
      },
    );
  };

  serveBenchClients<{ type: string; assignments?: Assignment[] }>(clients, {
    connect: async (message) => {
      assignments = message.assignments!;
      received = assignments.map(() => 0);
      await inBatches(assignments, CONNECT_CONCURRENCY, open);
    },
    reset: () => {
      received = assignments.map(() => 0);
      [latencies, wrong, errors, closed] = [[], [], 0, 0];
      [cpu, since] = [process.cpuUsage(), performance.now()];
    },
    report: (): ClientReport => {
      const used = process.cpuUsage(cpu);
      const cpuPct = ((used.user + used.system) / 1000 / (performance.now() - since)) * 100;
      return { latencies, received, wrong, errors, closed, cpuPct };
    },
  });
}

/** Forks this file in `flag` mode and waits for its `ready` message. */
async function startChild(flag: string, arg = ''): Promise<{ child: ChildProcess; url: string }> {
  // The child inherits this process's soft fd limit (ulimit -n); 10,000 sockets fit in the default 20,000.
  // BENCH_PROFILE_DIR: write a V8 CPU profile of each gateway child there (open it in Chrome DevTools).
  // BENCH_GATEWAY_NODE_ARGS: V8/Node flags for the gateway children (e.g. --max-semi-space-size=64).
  const gatewayArgs =
    flag === GATEWAY_FLAG
      ? [
          ...(process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []),
          ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
        ]
      : [];
  return forkBenchChild(process.argv[1]!, [flag, arg], gatewayArgs);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (!child.connected) return;
  const exited = once(child, 'exit');
  child.disconnect();
  await exited;
}

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** One scenario: `instances` fresh gateways sharing SUBSCRIBERS clients, events for SECONDS seconds. */
async function runScenario(
  instances: number,
  variant: Variant,
  baseEnv: Record<string, string>,
  prefix: string,
): Promise<Row> {
  const scenario = `${instances} gateway${instances > 1 ? 's' : ''} × ${SUBSCRIBERS / instances}, ${variant}`;
  const gatewayEnv: Record<string, string> = { ...baseEnv, ...VARIANTS[variant].env };
  console.log(`\n${scenario}: starting`);
  const gateways = await Promise.all(
    Array.from({ length: instances }, () => startChild(GATEWAY_FLAG, JSON.stringify(gatewayEnv))),
  );
  const clientProcs = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, () => startChild(CLIENTS_FLAG)));
  const publisher = createRedisPubSub({
    events: topics,
    url: gatewayEnv.REDIS_URL!,
    channelPrefix: prefix,
    log: createLogger('publisher', 'silent'),
  });
  try {
    // Subscriber s follows token s % 500 on instance s % instances: every event fans out on every instance.
    const assignments: Assignment[][] = clientProcs.map(() => []);
    for (let s = 0; s < SUBSCRIBERS; s++) {
      assignments[s % CLIENT_PROCESSES]!.push({ url: gateways[s % instances]!.url, token: s % TOKEN_COUNT, variant });
    }
    let t0 = performance.now();
    await Promise.all(clientProcs.map((p, i) => ask(p.child, 'connect', { assignments: assignments[i] })));
    const connectSeconds = (performance.now() - t0) / 1000;
    let stats = await Promise.all(gateways.map((g) => ask<GatewayStats>(g.child, 'stats')));
    const subscribed = stats.reduce((n, s) => n + s.subscribers, 0);
    console.log(
      `  ${SUBSCRIBERS} connections in ${connectSeconds.toFixed(1)} s; subscriptions on the gateways: ` +
        `${subscribed}; RSS ${stats.map((s) => (s.maxRssBytes / 2 ** 20).toFixed(0)).join(' + ')} MiB`,
    );
    // Let the snapshot hydrations of the subscribe phase finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    /** Publishes one event per token per second for `seconds`, counting them per token in `published`. */
    const publishFor = async (seconds: number, published: number[]): Promise<number> => {
      const rate = TOKEN_COUNT; // one event per token per second
      const total = rate * seconds;
      let sent = 0;
      const start = performance.now();
      let lastLog = start;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        const batch: Promise<void>[] = [];
        for (; sent < due; sent++) {
          const i = sent % TOKEN_COUNT;
          const token = tokens[i]!;
          published[i]! += 1;
          const at = new Date().toISOString();
          batch.push(
            publisher.publish(Topic.PRICE_UPDATED, {
              token: { chain: 'SOLANA', address: token.address },
              priceUsd: token.priceUsd,
              previousPriceUsd: token.priceUsd,
              changePct: 1,
              at,
              // As market-data publishes it: the new served record (CACHE_TTL_SECONDS 30).
              ...(VARIANTS[variant].eventMarket && { market: toEventMarket(toMarketRecord(token, at), 30) }),
            }),
          );
        }
        await Promise.all(batch);
        if (performance.now() - lastLog >= 5_000) {
          lastLog = performance.now();
          console.log(`  ${((lastLog - start) / 1000).toFixed(0)} s: ${sent} events published`);
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      return sent;
    };
    // Warm-up, not counted: the same events for WARMUP_SECONDS, so no scenario pays for running first.
    if (WARMUP_SECONDS > 0) {
      await publishFor(
        WARMUP_SECONDS,
        tokens.map(() => 0),
      );
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      console.log(`  warm-up: ${WARMUP_SECONDS} s of events, not counted`);
    }

    await Promise.all([...gateways, ...clientProcs].map((p) => ask(p.child, 'reset')));
    const published = tokens.map(() => 0);
    t0 = performance.now();
    const sent = await publishFor(SECONDS, published);
    const publishSeconds = (performance.now() - t0) / 1000;
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));

    stats = await Promise.all(gateways.map((g) => ask<GatewayStats>(g.child, 'stats')));
    const reports = await Promise.all(clientProcs.map((p) => ask<ClientReport>(p.child, 'report')));
    let lost = 0;
    let expected = 0;
    reports.forEach((report, p) =>
      report.received.forEach((count, i) => {
        const want = published[assignments[p]![i]!.token]!;
        expected += want;
        lost += Math.max(0, want - count);
      }),
    );
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const wrong = reports.flatMap((r) => r.wrong);
    const errors = reports.reduce((n, r) => n + r.errors, 0);
    const closed = reports.reduce((n, r) => n + r.closed, 0);
    for (const message of wrong.slice(0, 5)) console.error(`  WRONG DELIVERY ${message}`);
    console.log(
      `  ${sent} events in ${publishSeconds.toFixed(1)} s, ${latencies.length}/${expected} deliveries, ` +
        `${lost} lost, ${errors} errors, ${closed} sockets closed; gateway event-loop delay p99 ` +
        `${stats.map((s) => s.loopDelayP99Ms.toFixed(1)).join(' / ')} ms; gateway-side delivery (event from Redis → ` +
        `socket) p50/p99 ≤ ${stats.map((s) => s.delivery).join(' and ')} ms; hydration queries p50/p99 ≤ ${stats.map((s) => s.hydration).join(' and ')} ms, their fetches ≤ tokens ` +
        `${stats.map((s) => s.tokensFetch).join(' and ')} ms, market-data ${stats.map((s) => s.marketFetch).join(' and ')} ms; client CPU ` +
        `${reports.map((r) => r.cpuPct.toFixed(0)).join(' / ')} %`,
    );
    const hydrations = stats.reduce((n, s) => n + s.hydrationCalls, 0);
    const tokensRequests = stats.reduce((n, s) => n + s.tokensFetches, 0);
    const marketRequests = stats.reduce((n, s) => n + s.marketFetches, 0);
    return {
      scenario,
      subscribers: subscribed,
      eventsPerSecond: sent / publishSeconds,
      deliveriesPerSecond: latencies.length / publishSeconds,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      maxRssMb: Math.max(...stats.map((s) => s.maxRssBytes)) / 2 ** 20,
      cpuPct: stats.map((s) => s.cpuPct.toFixed(0)).join(' / '),
      hydrationPerEvent: `${(hydrations / sent).toFixed(3)} (${stats.map((s) => (s.hydrationCalls / sent).toFixed(3)).join(' + ')})`,
      tokensRequestsPerEvent: (tokensRequests / sent).toFixed(3),
      marketRequestsPerEvent: (marketRequests / sent).toFixed(3),
      lost,
      wrong: wrong.length + errors,
      clientCpuPct: reports.map((r) => r.cpuPct.toFixed(0)).join(' / '),
    };
  } finally {
    await Promise.all(clientProcs.map((p) => stopChild(p.child)));
    await Promise.all(gateways.map((g) => stopChild(g.child)));
    await publisher.close();
  }
}

function printReport(rows: Row[], machine: string): void {
  console.log(`\n## Subscriptions: ${TOKEN_COUNT} tokens, one event per token per second, ${SECONDS} s\n`);
  console.log(`${machine}\n`);
  console.log(
    '| scenario | subscribers | events/s | deliveries/s | p50 ms | p95 ms | p99 ms | gateway RSS max MiB | ' +
      'gateway CPU % | hydrations/event (per instance) | tokens req/event | market-data req/event | lost | wrong | client CPU % |',
  );
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    const flags = [r.p99 > 100 && ' **p99 > 100 ms**', r.maxRssMb > 1024 && ' **RSS > 1 GiB**'].filter(Boolean);
    console.log(
      `| ${r.scenario}${flags.join('')} | ${r.subscribers} | ${r.eventsPerSecond.toFixed(0)} | ` +
        `${r.deliveriesPerSecond.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.maxRssMb.toFixed(0)} | ` +
        `${r.cpuPct} | ${r.hydrationPerEvent} | ${r.tokensRequestsPerEvent} | ${r.marketRequestsPerEvent} | ${r.lost} | ${r.wrong} | ${r.clientCpuPct} |`,
    );
  }
}

async function runBench(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await Promise.all([ensureLocalPostgres(serverUrl), ensureRedis(redisUrl)]);
  const database = await createTestDatabase(serverUrl, 'bench_subscriptions');
  const prefix = `bench:subscriptions:${randomUUID()}:`;
  // As deployed: production mode, the subgraphs accept only the secret's bearers. The clients all come from
  // one loopback address, so the per-client rate limit (on in production) is off.
  const subgraphSecret = `bench-${randomBytes(16).toString('hex')}`;
  const production = { LOG_LEVEL: 'silent', NODE_ENV: 'production', SUBGRAPH_SECRET: subgraphSecret };
  // Polling off and upstreams at a closed port: market-data serves the warmed cache only.
  const [tokensService, marketService] = await Promise.all([
    startChild(
      TOKENS_FLAG,
      JSON.stringify({ ...production, DATABASE_URL: database.url, TOKENS_PORT: '0', TOKENS_HOST: '127.0.0.1' }),
    ),
    startChild(
      MARKET_FLAG,
      JSON.stringify({
        ...production,
        MARKET_DATA_PORT: '0',
        ...toBenchMarketDataEnv(redisUrl, prefix),
      }),
    ),
  ]);
  let failed = false;
  try {
    await seedTokensDatabase(database.url, tokens);
    await warmMarketCache(redisUrl, prefix, tokens);
    console.log(
      `seeded ${TOKEN_COUNT} tokens, market cache warmed; fd limit (ulimit -n) ${/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1]}`,
    );
    const gatewayEnv = {
      ...production,
      // Every subscriber comes from one loopback address: the per-address limits (on in production) are off.
      RATE_LIMIT_PER_MINUTE: '0',
      WS_MAX_CONNECTIONS_PER_IP: '0',
      WS_UPGRADES_PER_MINUTE_PER_IP: '0',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: tokensService.url,
      MARKET_DATA_URL: marketService.url,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      WS_MAX_CONNECTIONS: String(SUBSCRIBERS + 1_000),
      // BENCH_GATEWAY_ENV: extra gateway settings as JSON, e.g. '{"SUBSCRIPTION_BATCH_WINDOW_MS":"25"}'.
      ...(JSON.parse(process.env.BENCH_GATEWAY_ENV ?? '{}') as Record<string, string>),
    };
    const rows: Row[] = [];
    for (const [instances, variant] of SCENARIOS) {
      const row = await runScenario(instances, variant, gatewayEnv, prefix);
      failed ||= row.lost > 0 || row.wrong > 0;
      rows.push(row);
    }
    const cpus = os.cpus();
    printReport(
      rows,
      `Machine: ${cpus[0]?.model} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ` +
        `${process.version}; ${CLIENT_PROCESSES} client process(es); gateway, clients, Redis and Postgres share the machine`,
    );
  } finally {
    await Promise.all([stopChild(tokensService.child), stopChild(marketService.child)]);
    await database.drop();
    await clearRedisPrefix(redisUrl, prefix);
  }
  if (failed) {
    console.error('\nlost or wrong deliveries');
    process.exitCode = 1;
  }
}

if (process.argv[2] === GATEWAY_FLAG) await serveGateway(JSON.parse(process.argv[3]!) as Record<string, string>);
else if (process.argv[2] === TOKENS_FLAG || process.argv[2] === MARKET_FLAG) await serveSubgraph(process.argv[2]);
else if (process.argv[2] === CLIENTS_FLAG) await runClients();
else {
  await runBench();
  // The live ranked lists (tokenListUpdated) on their own stack: 1,000 subscribers over 20 lists.
  if (process.env.BENCH_LISTS !== '0') await runTokenListBench();
}
