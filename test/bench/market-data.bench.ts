/**
 * Market-data subgraph at 10k tracked tokens: `npx tsx test/bench/market-data.bench.ts`.
 *
 * Starts the fake upstream in synthetic mode with the documented rate limits enforced, BENCH_INSTANCES
 * (default 1) market-data instances at the default (documented) budgets on REDIS_URL (default the local
 * Redis), tracks 10k synthetic tokens, and for BENCH_SECONDS (default 90) queries a 200-token hot set
 * continuously through `_entities`. Prints refresh coverage, hot-set staleness, upstream calls per minute
 * and merge CPU time. A served or merged price that is not the synthetic source's exits with 1. First, the
 * read path (market-data/read-path.ts): `tokens(first: 50)` and single-token reads, CPU per operation;
 * BENCH_PART=reads runs only that.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { Stream, streams } from '@memegraph/contracts';
import { createLogger, createRedisDurableStream } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import type { PoolObservation, TokenQuoteObservation } from '../../subgraphs/market-data/src/model/market-model.js';
import { mergeToken } from '../../subgraphs/market-data/src/merge/merge-token.js';
import { toDexScreenerPoolObservations } from '../../subgraphs/market-data/src/upstreams/dexscreener.schema.js';
import { toGeckoTerminalTokenObservations } from '../../subgraphs/market-data/src/upstreams/geckoterminal.schema.js';
import { toJupiterPriceObservations } from '../../subgraphs/market-data/src/upstreams/jupiter.schema.js';
import {
  answerSynthetic,
  DOCUMENTED_RATE_LIMITS,
  getSyntheticBasePriceUsd,
  getSyntheticPriceUsd,
  loadUpstreamFixture,
  startFakeUpstream,
  SYNTHETIC_PRICE_AMPLITUDE,
  type FakeSource,
} from '@memegraph/local';
import { postGraphql } from '../harness/graphql-http.js';
import { ensureRedis } from '../harness/redis.js';
import { benchReadPath } from './market-data/read-path.js';

const TOKENS = Number(process.env.BENCH_TOKEN_COUNT ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 90);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 1);
const HOT = 200;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = createLogger('bench', 'silent');
const wrong: string[] = [];
const addressOf = (i: number) => `Syn${String(i).padStart(6, '0')}BenchMint${'x'.repeat(25)}`;
const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** ms per 10k tokens of mergeToken over three sources' parsed synthetic observations; checks the price. */
function benchMerge(): number {
  const cache = new Map<string, unknown>();
  const fixture = (name: string): any => {
    if (!cache.has(name)) cache.set(name, loadUpstreamFixture(`${name}.json`));
    return cache.get(name);
  };
  const at = Date.parse('2025-06-01T00:00:00Z');
  const fetchedAt = new Date(at).toISOString();
  const addresses = Array.from({ length: 10_000 }, (_, i) => `Mrg${String(i).padStart(6, '0')}${'y'.repeat(30)}`);
  const inputs: Array<{ address: string; pools: PoolObservation[]; quotes: TokenQuoteObservation[] }> = [];
  for (let i = 0; i < addresses.length; i += 30) {
    const chunk = addresses.slice(i, i + 30);
    const ask = (source: string, path: string, search = '') =>
      answerSynthetic(fixture, { source, path, searchParams: new URLSearchParams(search) }, at);
    const dex = toDexScreenerPoolObservations(ask('dexscreener', `/tokens/v1/solana/${chunk}`), fetchedAt, {
      baseAddresses: chunk,
    });
    const gecko = toGeckoTerminalTokenObservations(
      ask('geckoterminal', `/networks/solana/tokens/multi/${chunk}`, 'include=top_pools'),
      fetchedAt,
    );
    const jupiter = toJupiterPriceObservations(ask('jupiter', '/price/v3', `ids=${chunk}`), fetchedAt);
    for (const address of chunk) {
      inputs.push({
        address,
        pools: [...dex.pools, ...gecko.pools].filter((p) => p.base.address === address),
        quotes: [...gecko.tokens, ...jupiter.quotes].filter((q) => q.address === address),
      });
    }
  }
  const start = process.cpuUsage();
  const records = inputs.map(({ address, pools, quotes }) => mergeToken('SOLANA', address, pools, quotes));
  const { user, system } = process.cpuUsage(start);
  records.forEach((record, i) => {
    const expected = getSyntheticPriceUsd('solana', inputs[i]!.address, at);
    if (!record || Math.abs(record.priceUsd! / expected - 1) > 1e-9) {
      wrong.push(`merge ${inputs[i]!.address}: ${record?.priceUsd} != ${expected}`);
    }
  });
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  await ensureRedis(REDIS_URL);
  wrong.push(...(await benchReadPath(REDIS_URL)));
  if (process.env.BENCH_PART === 'reads') return exitIfWrong();
  const mergeMs = benchMerge();
  console.log(`merge: ${mergeMs.toFixed(0)} ms CPU per 10k tokens`);

  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const fake = await startFakeUpstream({ synthetic: true, rateLimits: DOCUMENTED_RATE_LIMITS });
  const stream = createRedisDurableStream({ events: streams, url: REDIS_URL, log, keyPrefix: prefix });
  const redis = new Redis(REDIS_URL);
  const services: MarketDataService[] = [];
  const addresses = Array.from({ length: TOKENS }, (_, i) => addressOf(i));
  for (let i = 0; i < TOKENS; i += 500) {
    await Promise.all(
      addresses
        .slice(i, i + 500)
        .map((address) => stream.append(Stream.TOKENS_TRACKING, { chain: 'SOLANA', address, tracked: true })),
    );
  }
  const started = Date.now();
  for (let i = 0; i < INSTANCES; i++) {
    const config = loadMarketDataConfig({
      LOG_LEVEL: 'silent',
      MARKET_DATA_PORT: '0',
      MARKET_DATA_HOST: '127.0.0.1',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      INSTANCE_ID: `bench-${i}`,
      DEXSCREENER_BASE_URL: `${fake.url}/dexscreener`,
      GECKOTERMINAL_BASE_URL: `${fake.url}/geckoterminal`,
      JUPITER_BASE_URL: `${fake.url}/jupiter`,
    });
    services.push(await startMarketData(config, log));
  }
  console.log(`${INSTANCES} instance(s), ${TOKENS} tokens, ${SECONDS} s`);

  // Load generator: the hot set, continuously, alternating instances; staleness at read time.
  const hot = addresses.slice(0, HOT);
  const staleness: number[] = [];
  let queries = 0;
  let stop = false;
  const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { market { updatedAt priceUsd } } } }`;
  const load = async (worker: number) => {
    while (!stop) {
      const service = services[(queries + worker) % services.length]!;
      const result = await postGraphql(service.url, query, {
        r: hot.map((address) => ({ __typename: 'Token', chain: 'SOLANA', address })),
      });
      const now = Date.now();
      queries += 1;
      const entities = (result.body.data?._entities ?? []) as Array<{
        market: { updatedAt: string; priceUsd: number } | null;
      }>;
      entities.forEach((entity, i) => {
        if (!entity.market) return;
        staleness.push(now - Date.parse(entity.market.updatedAt));
        const base = getSyntheticBasePriceUsd('solana', hot[i]!);
        if (Math.abs(entity.market.priceUsd / base - 1) > SYNTHETIC_PRICE_AMPLITUDE + 1e-6) {
          wrong.push(`served ${hot[i]}: ${entity.market.priceUsd} vs base ${base}`);
        }
      });
    }
  };
  const loaders = [0, 1, 2, 3].map(load);

  // Coverage: a token has a merged record once any source answered it (the synthetic upstream knows all).
  const firstSeen = new Map<string, number>();
  const seenBy: Record<FakeSource, Set<string>> = {
    dexscreener: new Set(),
    geckoterminal: new Set(),
    jupiter: new Set(),
  };
  const addressesOf = (path: string, search: URLSearchParams) =>
    path.startsWith('/tokens/v1/') || path.includes('/tokens/multi/')
      ? (path.split('/').at(-1) ?? '').split(',')
      : path === '/price/v3'
        ? (search.get('ids') ?? '').split(',')
        : [];
  let scanned = 0;
  const scan = () => {
    const all = fake.requests();
    for (const r of all.slice(scanned)) {
      if (r.status !== 200) continue;
      for (const address of addressesOf(r.path, r.searchParams)) {
        if (!address.startsWith('Syn')) continue;
        seenBy[r.source].add(address);
        if (!firstSeen.has(address)) firstSeen.set(address, r.at);
      }
    }
    scanned = all.length;
  };
  let fullRefreshMs: number | null = null;
  const end = started + SECONDS * 1000;
  while (Date.now() < end) {
    await sleep(5_000);
    scan();
    if (fullRefreshMs === null && firstSeen.size >= TOKENS) fullRefreshMs = Math.max(...firstSeen.values()) - started;
    const p95 = percentile(staleness.slice(-HOT * 20), 95);
    console.log(
      `t+${((Date.now() - started) / 1000).toFixed(0)}s merged ${firstSeen.size}/${TOKENS} ` +
        `(dex ${seenBy.dexscreener.size}, gecko ${seenBy.geckoterminal.size}, jup ${seenBy.jupiter.size}) ` +
        `queries ${queries} p95 staleness ${(p95 / 1000).toFixed(1)} s`,
    );
  }
  stop = true;
  await Promise.all(loaders);
  const elapsedMs = Date.now() - started;
  scan();

  // Upstream calls per minute: the busiest 60 s window of each budget (or the run, scaled, if shorter).
  const limits = { 'dexscreener:pairs': 300, 'dexscreener:discovery': 60, geckoterminal: 30, jupiter: 30 };
  const rows: Array<[string, string, string]> = [];
  let overLimit = false;
  for (const [name, limit] of Object.entries(limits)) {
    const [source, endpointClass] = name.split(':') as [FakeSource, string | undefined];
    const times = fake
      .requests(source)
      .filter((r) => !endpointClass || r.endpointClass === endpointClass)
      .map((r) => r.at);
    let busiest = 0;
    for (const t of times) busiest = Math.max(busiest, times.filter((u) => u >= t && u < t + 60_000).length);
    const perMinute = elapsedMs >= 60_000 ? busiest : (times.length * 60_000) / elapsedMs;
    if (busiest > limit) overLimit = true;
    rows.push([`calls/min ${name}`, `${perMinute.toFixed(0)} (busiest 60 s: ${busiest})`, `≤ ${limit}`]);
  }
  const minutes = elapsedMs / 60_000;
  const cycle = (source: FakeSource) => {
    const perMinute = fake
      .requests(source)
      .filter((r) => r.status === 200)
      .reduce((n, r) => n + addressesOf(r.path, r.searchParams).filter((a) => a.startsWith('Syn')).length, 0);
    return perMinute > 0 ? `${((TOKENS / (perMinute / minutes)) * 60).toFixed(0)} s` : 'never';
  };
  const p95 = percentile(staleness, 95);
  rows.unshift(
    [
      'full refresh (every token merged)',
      fullRefreshMs === null ? `not reached (${firstSeen.size}/${TOKENS})` : `${(fullRefreshMs / 1000).toFixed(1)} s`,
      '',
    ],
    ['projected cycle DexScreener (10k ÷ addresses/min, incl. hot re-polls)', cycle('dexscreener'), ''],
    ['steady cycle GeckoTerminal', cycle('geckoterminal'), ''],
    ['steady cycle Jupiter', cycle('jupiter'), ''],
    [
      'hot-set p95 staleness',
      `${(p95 / 1000).toFixed(2)} s (p50 ${(percentile(staleness, 50) / 1000).toFixed(2)} s, n=${staleness.length})`,
      '≤ 5 s',
    ],
    ['merge CPU per 10k tokens', `${mergeMs.toFixed(0)} ms`, ''],
    ['L1/L2 hit ratio (queries + polling reads)', hitRatios(services.map((service) => service.cacheStats())), ''],
    ['429s from the fake', String(fake.rateLimited().length), '0'],
  );
  console.log(`\n| metric | value | goal |\n|---|---|---|`);
  for (const [metric, value, goal] of rows) console.log(`| ${metric} | ${value} | ${goal} |`);

  await Promise.all(services.map((service) => service.close()));
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  await redis.quit();
  await stream.close();
  await fake.close();
  exitIfWrong();
  if (overLimit || fake.rateLimited().length > 0) {
    console.error('upstream calls exceeded a documented limit');
    process.exit(1);
  }
}

/** Exits with 1 after printing a few of the wrong answers, if any. */
function exitIfWrong(): void {
  if (wrong.length === 0) return;
  console.error(`${wrong.length} wrong answers, e.g.\n${wrong.slice(0, 5).join('\n')}`);
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/** L1 and L2 hit ratios summed over instances (L2 counts only the lookups that missed L1). */
function hitRatios(stats: Array<{ l1Hits: number; l1Misses: number; l2Hits: number; l2Misses: number }>): string {
  const sum = (key: 'l1Hits' | 'l1Misses' | 'l2Hits' | 'l2Misses') => stats.reduce((total, s) => total + s[key], 0);
  const ratio = (hits: number, misses: number) =>
    hits + misses === 0 ? 'n/a' : `${((100 * hits) / (hits + misses)).toFixed(1)} %`;
  return `L1 ${ratio(sum('l1Hits'), sum('l1Misses'))} of ${sum('l1Hits') + sum('l1Misses')}, L2 ${ratio(sum('l2Hits'), sum('l2Misses'))} of ${sum('l2Hits') + sum('l2Misses')}`;
}
