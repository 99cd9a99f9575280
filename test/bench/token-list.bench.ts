/**
 * Live ranked lists (tokenListUpdated): `npx tsx --conditions=@memegraph/source test/bench/token-list.bench.ts`,
 * also run by `npm run bench:subscriptions` after its priceUpdated scenarios (BENCH_LISTS=0 skips it there).
 *
 * Starts the tokens subgraph (fresh database on DATABASE_URL's server) and market-data (polling off, its
 * Redis cache warmed with 500 tracked tokens) in this process, a gateway and the graphql-ws clients each in
 * a child process (so the gateway's CPU is its own), in production mode. BENCH_LIST_SUBSCRIBERS (1,000)
 * clients subscribe to 20 distinct lists (5 sorts × first 10/25/50/100), 50 per list. Then, every
 * BENCH_LIST_BATCH_MS (1,000), the bench plays a poll batch: it moves the price and volume of all 500
 * tokens (written through market-data's own store) and has market-data rank the demanded lists
 * (`lists.rankDemanded()`, the call its pollers make after each batch), which publishes each changed
 * page. It measures ranking→client latency (a message's `at` is when market-data ranked), the gateway's
 * CPU per change batch, and market-data's ranking time per batch. Every subscription must receive
 * consecutive sequences, and at the end each client's list, built by applying its messages, must equal
 * Query.tokens' page for that list; otherwise the process exits with 1.
 */
import type { ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData } from '@memegraph/market-data';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { ask, forkBenchChild, inBatches, serveBenchClients } from './bench-child.js';
import { ensureRedis } from '../harness/redis.js';
import { createTestDatabase } from '../harness/test-database.js';
import {
  BENCH_TOKENS_ENV,
  clearRedisPrefix,
  createBenchTokens,
  seedTokensDatabase,
  toBenchMarketDataEnv,
  toMarketRecord,
  warmMarketCache,
} from './gateway-peers/dataset.js';

/** This file: its children run it in their modes, whichever bench imported it. */
const SELF = fileURLToPath(import.meta.url);
const GATEWAY_FLAG = '--serve-gateway';
const CLIENTS_FLAG = '--run-clients';
const TOKEN_COUNT = 500;
const SUBSCRIBERS = Number(process.env.BENCH_LIST_SUBSCRIBERS ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const BATCH_MS = Number(process.env.BENCH_LIST_BATCH_MS ?? 1_000);
const DRAIN_MS = 3_000;

/** 20 distinct lists: five sorts, four page sizes. */
const SORTS = [
  { field: 'VOLUME', window: 'H24' },
  { field: 'VOLUME', window: 'H1' },
  { field: 'LIQUIDITY' },
  { field: 'MARKET_CAP' },
  { field: 'PRICE_CHANGE', window: 'H24' },
];
const LISTS = SORTS.flatMap((sort) => [10, 25, 50, 100].map((first) => ({ filter: { chain: 'SOLANA' }, sort, first })));
type ListArgs = (typeof LISTS)[number];

const QUERY = `subscription($filter: TokenFilter, $sort: TokenSort, $first: Int) {
  tokenListUpdated(filter: $filter, sort: $sort, first: $first) {
    sequence at snapshot { symbol } changes { kind rank previousRank token { symbol market { priceUsd } } }
  }
}`;

interface ClientReport {
  latencies: number[];
  gaps: number;
  errors: number;
  messages: number;
  /** The first error a subscription received, if any. */
  firstError?: string;
  /** Each subscription's list as its messages built it, in subscription order. */
  lists: string[][];
}
interface GatewayStats {
  cpuMs: number;
  counters: Record<string, number>;
}

/** Child mode: the gateway; `cpu` answers its CPU time since start and its list counters. */
async function serveGateway(env: Record<string, string>): Promise<void> {
  const gateway = await startGateway(loadGatewayConfig(env), createLogger('gateway', 'silent'));
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'cpu') return;
    const used = process.cpuUsage();
    const stats: GatewayStats = { cpuMs: (used.user + used.system) / 1000, counters: gateway.lists.stats() };
    process.send!({ type: 'cpu', ...stats });
  });
  process.once('disconnect', () => void gateway.close().finally(() => process.exit(0)));
  process.send!({ type: 'ready', url: gateway.url });
}

type Change = { kind: string; rank: number | null; token: { symbol: string } };
type Message = { sequence: number; at: string; snapshot: Array<{ symbol: string }> | null; changes: Change[] };

/** Child mode: graphql-ws clients; each applies its messages as a client does (README: tokenListUpdated). */
async function runClients(): Promise<void> {
  const clients: Client[] = [];
  let latencies: number[] = [];
  let [gaps, errors, messages] = [0, 0, 0];
  let firstError: string | undefined;
  const lists: string[][] = [];
  const open = async (url: string, args: ListArgs, i: number) => {
    const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    let sequence = 0;
    lists[i] = [];
    await new Promise<void>((resolve) => {
      client.subscribe<{ tokenListUpdated: Message }>(
        { query: QUERY, variables: args },
        {
          next: (result) => {
            const message = result.data?.tokenListUpdated;
            if (!message) {
              // The list could not be read (its first snapshot failed): counted, the subscription ends.
              errors += 1;
              firstError ??= JSON.stringify(result.errors);
              return resolve();
            }
            if (message.sequence !== sequence + 1) gaps += 1;
            sequence = message.sequence;
            messages += 1;
            if (message.snapshot) {
              lists[i] = message.snapshot.map((row) => row.symbol);
              return resolve();
            }
            latencies.push(Date.now() - Date.parse(message.at));
            const changed = new Set(message.changes.map((c) => c.token.symbol));
            const rows = lists[i]!.filter((symbol) => !changed.has(symbol));
            const placed = message.changes.filter((c) => c.rank !== null).sort((a, b) => a.rank! - b.rank!);
            for (const change of placed) rows.splice(change.rank! - 1, 0, change.token.symbol);
            lists[i] = rows;
          },
          error: () => {
            errors += 1;
            resolve();
          },
          complete: () => undefined,
        },
      );
    });
  };
  serveBenchClients<{ type: string; url?: string; assignments?: number[] }>(clients, {
    connect: (message) => inBatches(message.assignments!, 100, (list, i) => open(message.url!, LISTS[list]!, i)),
    reset: () => {
      [latencies, gaps, errors, messages] = [[], 0, 0, 0];
    },
    report: (): ClientReport => ({ latencies, gaps, errors, messages, firstError, lists }),
  });
}

async function startChild(flag: string, arg = ''): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_PROFILE_DIR: a V8 CPU profile of the gateway child there (open it in Chrome DevTools).
  const profile = flag === GATEWAY_FLAG && process.env.BENCH_PROFILE_DIR;
  return forkBenchChild(SELF, [flag, arg], profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []);
}

const percentile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** Runs the bench (see the file's comment); sets process.exitCode to 1 on gaps, errors or diverged lists. */
export async function runTokenListBench(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await Promise.all([ensureLocalPostgres(serverUrl), ensureRedis(redisUrl)]);
  const database = await createTestDatabase(serverUrl, 'bench_token_list');
  const prefix = `bench:token-list:${randomUUID()}:`;
  const production = {
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    SUBGRAPH_SECRET: `bench-${randomBytes(16).toString('hex')}`,
  };
  const tokens = createBenchTokens(TOKEN_COUNT, TOKEN_COUNT);
  const log = createLogger('bench', 'silent');
  const tokensService = await startTokens(
    loadTokensConfig({ ...production, ...BENCH_TOKENS_ENV, DATABASE_URL: database.url, TOKENS_PORT: '0' }),
    log,
  );
  const marketData = await startMarketData(
    loadMarketDataConfig({
      ...production,
      MARKET_DATA_PORT: '0',
      ...toBenchMarketDataEnv(redisUrl, prefix),
      LISTING_PAGE_TTL_MS: '0',
      // The bench's own writes go through this store: on a loaded machine a 300 ms command timeout failed them.
      REDIS_COMMAND_TIMEOUT_MS: '5000',
    }),
    log,
  );
  // Records are written through market-data's own store, as its pollers write them.
  const { store } = marketData;
  const children: ChildProcess[] = [];
  let failed = false;
  try {
    await seedTokensDatabase(database.url, tokens);
    await warmMarketCache(redisUrl, prefix, tokens);
    const gateway = await startChild(
      GATEWAY_FLAG,
      JSON.stringify({
        ...production,
        RATE_LIMIT_PER_MINUTE: '0',
        WS_MAX_CONNECTIONS_PER_IP: '0',
        WS_UPGRADES_PER_MINUTE_PER_IP: '0',
        GATEWAY_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        TOKENS_URL: tokensService.url,
        MARKET_DATA_URL: marketData.url,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        WS_MAX_CONNECTIONS: String(SUBSCRIBERS + 100),
        SUBSCRIPTION_DEMAND_INTERVAL_MS: '1000',
      }),
    );
    const clients = await startChild(CLIENTS_FLAG);
    children.push(gateway.child, clients.child);
    const assignments = Array.from({ length: SUBSCRIBERS }, (_, s) => s % LISTS.length);
    const t0 = performance.now();
    await ask(clients.child, 'connect', { url: gateway.url, assignments });
    console.log(
      `${SUBSCRIBERS} subscriptions over ${LISTS.length} lists in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const start = Date.now();
    while (marketData.lists.stats().demanded < LISTS.length) {
      if (Date.now() - start > 10_000) throw new Error('market-data was not told of every list');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    /** One poll batch: every token's price and volume move, then market-data ranks the demanded lists. */
    let step = 0;
    const rankingMs: number[] = [];
    const batch = async () => {
      step += 1;
      const at = new Date().toISOString();
      await Promise.all(
        tokens.map((token, i) => {
          const wave = 1 + 0.3 * Math.sin(step / 3 + i);
          const moved = {
            ...token,
            priceUsd: token.priceUsd * wave,
            volumeUsd24h: Math.round(token.volumeUsd24h * wave),
          };
          return store.putRecord(toMarketRecord(moved, at));
        }),
      );
      const ranked = performance.now();
      await marketData.lists.rankDemanded();
      rankingMs.push(performance.now() - ranked);
    };
    const runFor = async (seconds: number) => {
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) {
        const next = performance.now() + BATCH_MS;
        await batch();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    };
    await runFor(WARMUP_SECONDS);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    console.log(`warm-up: ${WARMUP_SECONDS} s of batches, not counted`);

    await ask(clients.child, 'reset');
    rankingMs.length = 0;
    const before = await ask<GatewayStats>(gateway.child, 'cpu');
    const rankingsBefore = marketData.lists.stats();
    await runFor(SECONDS);
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
    const after = await ask<GatewayStats>(gateway.child, 'cpu');
    const report = await ask<ClientReport>(clients.child, 'report');
    const batches = rankingMs.length;
    const rankings = marketData.lists.stats().rankings - rankingsBefore.rankings;

    // Each client's list, as its messages built it, against Query.tokens' page for that list now.
    let diverged = 0;
    for (const [list, args] of LISTS.entries()) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `query($filter: TokenFilter, $sort: TokenSort, $first: Int) { tokens(filter: $filter, sort: $sort, first: $first) { edges { node { symbol } } } }`,
          variables: args,
        }),
      });
      const body = (await response.json()) as { data: { tokens: { edges: Array<{ node: { symbol: string } }> } } };
      const page = body.data.tokens.edges.map((edge) => edge.node.symbol);
      const differing = assignments.flatMap((assigned, i) =>
        assigned === list && report.lists[i]!.join() !== page.join() ? [report.lists[i]!] : [],
      );
      diverged += differing.length;
      if (differing[0]) {
        const at = page.findIndex((symbol, rank) => differing[0]![rank] !== symbol);
        console.error(
          `  list ${JSON.stringify(args)}: ${differing.length} client(s) differ from Query.tokens, first at rank ` +
            `${at + 1}: ${differing[0].slice(at, at + 3).join()} vs ${page.slice(at, at + 3).join()} (${differing[0].length} vs ${page.length} rows)`,
        );
      }
    }
    const latencies = report.latencies.sort((a, b) => a - b);
    const cpuMs = after.cpuMs - before.cpuMs;
    const counters = (name: string) => (after.counters[name] ?? 0) - (before.counters[name] ?? 0);
    const cpus = os.cpus();
    console.log(
      `\ntokenListUpdated, ${SUBSCRIBERS} subscribers over ${LISTS.length} lists, ${TOKEN_COUNT} tokens moving, ` +
        `a batch every ${BATCH_MS} ms for ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up)\n` +
        `  batches ${batches}; market-data rankings ${rankings} (${(rankings / batches).toFixed(1)} per batch for ${LISTS.length} lists), ` +
        `ranking+publish per batch p50 ${percentile(
          [...rankingMs].sort((a, b) => a - b),
          0.5,
        ).toFixed(1)} ms\n` +
        `  gateway: rankings received ${counters('rankings_received')}, change messages ${counters('messages')}, ` +
        `resyncs ${counters('resyncs')}; CPU ${(cpuMs / batches).toFixed(1)} ms per change batch ` +
        `(${((cpuMs / (SECONDS * 1000)) * 100).toFixed(0)} % of a core)\n` +
        `  clients: ${report.messages} messages, ranking→client p50 ${percentile(latencies, 0.5)} ms, ` +
        `p95 ${percentile(latencies, 0.95)} ms, p99 ${percentile(latencies, 0.99)} ms; gaps ${report.gaps}, ` +
        `errors ${report.errors}, lists diverged from Query.tokens ${diverged}\n` +
        `  Machine: ${cpus[0]?.model} x ${cpus.length}, Node ${process.version}; gateway, clients, subgraphs, Redis and Postgres share it`,
    );
    if (report.firstError) console.error(`  first error: ${report.firstError}`);
    failed = report.gaps > 0 || report.errors > 0 || diverged > 0;
  } finally {
    await Promise.all(
      children.map(async (child) => {
        if (!child.connected) return;
        const exited = once(child, 'exit');
        child.disconnect();
        await exited;
      }),
    );
    await marketData.close();
    await tokensService.close();
    await database.drop();
    await clearRedisPrefix(redisUrl, prefix);
  }
  if (failed) {
    console.error('\ngaps, errors or lists that diverged from Query.tokens');
    process.exitCode = 1;
  }
}

if (resolvePath(process.argv[1] ?? '') === SELF) {
  if (process.argv[2] === GATEWAY_FLAG) await serveGateway(JSON.parse(process.argv[3]!) as Record<string, string>);
  else if (process.argv[2] === CLIENTS_FLAG) await runClients();
  else await runTokenListBench();
}
