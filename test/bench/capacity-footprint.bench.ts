/**
 * `npm run bench:footprint`: the storage and Redis figures of the capacity model (tools/capacity), measured.
 *
 * - Redis bytes per token: market records of BENCH_TOKEN_COUNT (10,000) bench tokens written through
 *   market-data's own store into a private redis-server (warmMarketCache), INFO memory before and after.
 * - Postgres bytes per token and per candle: a fresh database migrated by the tokens subgraph itself, the
 *   bench tokens seeded, then BENCH_CANDLES (200,000) candle rows spread over tokens, resolutions and times;
 *   pg_total_relation_size (heap, TOAST and every index) divided by the rows.
 * - Snapshot ingestion: the tokens subgraph (its own compiled process, NODE_ENV=production) consumes
 *   BENCH_INGEST_TOKENS (1,000) tokens × BENCH_INGEST_ROUNDS (10) snapshots 30 s apart, appended to
 *   market.snapshots in messages of 30 (one DexScreener call's worth), as market-data does; its CPU and its
 *   Postgres backends' CPU (/proc) per snapshot, from the first append until every snapshot is in a candle.
 * - Redis commands per second of one core: redis-benchmark (SET and GET, 50 clients, no pipelining) against
 *   the private server, as requests per second and as requests per CPU second of the server (INFO cpu), the
 *   second being what a dedicated core would do.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Stream, streams } from '@memegraph/contracts';
import { createLogger, createRedisDurableStream } from '@memegraph/infra';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { getFreePort } from '../harness/free-port.js';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { spawnService } from '../harness/service-process.js';
import { waitFor } from '../harness/wait-for.js';
import { readCpuSeconds, readPostgresCpu } from './gateway-peers/load.js';
import { startPrivateRedis } from '../harness/private-redis.js';
import { createTestDatabase } from '../harness/test-database.js';
import { createBenchTokens, seedTokensDatabase, warmMarketCache } from './gateway-peers/dataset.js';

const env = process.env;
const TOKEN_COUNT = Number(env.BENCH_TOKEN_COUNT ?? 10_000);
const INGEST_TOKENS = Number(env.BENCH_INGEST_TOKENS ?? 1_000);
const INGEST_ROUNDS = Number(env.BENCH_INGEST_ROUNDS ?? 10);
const CANDLES = Number(env.BENCH_CANDLES ?? 200_000);

const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);

async function measureRedis(url: string, port: number): Promise<void> {
  const redis = new Redis(url);
  try {
    const before = await usedMemory(redis);
    await warmMarketCache(url, 'footprint:', createBenchTokens(TOKEN_COUNT, Math.min(500, TOKEN_COUNT)));
    const perToken = ((await usedMemory(redis)) - before) / TOKEN_COUNT;
    console.log(`Redis: ${perToken.toFixed(0)} bytes per token (${TOKEN_COUNT} market records and token-set entries)`);
  } finally {
    await redis.quit();
  }
  const cpuBefore = await readRedisCpuSeconds(url);
  const run = spawnSync('redis-benchmark', ['-p', String(port), '-q', '-t', 'set,get', '-n', '200000', '-c', '50'], {
    encoding: 'utf8',
  });
  for (const line of run.stdout.split(/\r|\n/).filter((l) => /requests per second/.test(l))) {
    console.log(`redis-benchmark: ${line.trim()}`);
  }
  // 400,000 requests (SET and GET) over the CPU Redis used for them: robust to a busy machine's lost time slices.
  const cpu = (await readRedisCpuSeconds(url)) - cpuBefore;
  console.log(`Redis: ${(400_000 / cpu).toFixed(0)} commands per CPU second (${cpu.toFixed(2)} s of CPU for 400,000)`);
}

/** CPU seconds the server used so far (INFO cpu: user + system of the main thread). */
async function readRedisCpuSeconds(url: string): Promise<number> {
  const redis = new Redis(url);
  try {
    const info = await redis.info('cpu');
    return [...info.matchAll(/^used_cpu_(?:sys|user):([\d.]+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
  } finally {
    await redis.quit();
  }
}

async function measurePostgres(serverUrl: string): Promise<void> {
  const database = await createTestDatabase(serverUrl, 'bench_footprint');
  const port = await getFreePort();
  const tokensService = await startTokens(
    loadTokensConfig({
      DATABASE_URL: database.url,
      TOKENS_PORT: String(port),
      TOKENS_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    }),
    createLogger('footprint', 'silent'),
  );
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tokens = createBenchTokens(TOKEN_COUNT, Math.min(500, TOKEN_COUNT));
    await seedTokensDatabase(database.url, tokens);
    // Candles as ingestion writes them: one token's rows per resolution at consecutive bucket starts.
    await client.query(
      `INSERT INTO price_candles (chain, address, resolution, t, open, high, low, close, open_at, close_at, volume_usd, samples)
       SELECT 'SOLANA', a.address, r.resolution, b.t, 1.5, 1.7, 1.4, 1.6, b.t, b.t + interval '50 seconds', 12345.6, 3
       FROM (SELECT address, row_number() OVER () AS n FROM tokens) a
       CROSS JOIN (VALUES ('M1'), ('M5'), ('M15'), ('H1'), ('H4'), ('D1')) AS r(resolution)
       CROSS JOIN LATERAL (SELECT now() - make_interval(mins => k) AS t FROM generate_series(1, $1::int) k) b
       LIMIT $2`,
      [Math.ceil(CANDLES / 6 / TOKEN_COUNT), CANDLES],
    );
    await client.query('VACUUM ANALYZE price_candles');
    await client.query('VACUUM ANALYZE tokens');
    const size = async (table: string) => {
      const { rows } = await client.query<{ bytes: string; rows: string }>(
        `SELECT pg_total_relation_size($1::regclass) AS bytes, (SELECT count(*) FROM ${table}) AS rows`,
        [table],
      );
      return { bytes: Number(rows[0]!.bytes), rows: Number(rows[0]!.rows) };
    };
    for (const table of ['tokens', 'price_candles']) {
      const { bytes, rows } = await size(table);
      console.log(
        `Postgres ${table}: ${(bytes / rows).toFixed(0)} bytes per row (${rows} rows, ${(bytes / 1024 ** 2).toFixed(1)} MiB with indexes)`,
      );
    }
  } finally {
    await client.end();
    await tokensService.close();
    await database.drop();
  }
}

async function measureIngestion(serverUrl: string, redisUrl: string): Promise<void> {
  const database = await createTestDatabase(serverUrl, 'bench_ingest');
  const port = await getFreePort();
  const tokens = await spawnService(
    'subgraphs/tokens',
    port,
    {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      TOKENS_PORT: String(port),
      TOKENS_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      SUBGRAPH_SECRET: 'footprint-bench-secret-0123456789',
      STREAM_CONSUMER_NAME: 'footprint',
    },
    'built',
  );
  const log = createLogger('footprint', 'silent');
  const producer = createRedisDurableStream({ events: streams, url: redisUrl, log, keyPrefix: 'memegraph:' });
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const databaseName = new URL(database.url).pathname.slice(1);
  try {
    const addresses = createBenchTokens(INGEST_TOKENS, 0).map((t) => t.address);
    const start = Date.now() - INGEST_ROUNDS * 30_000;
    const cpuBefore = readCpuSeconds(tokens.child.pid!);
    const pgBefore = await readPostgresCpu(client, databaseName);
    const started = performance.now();
    for (let round = 0; round < INGEST_ROUNDS; round++) {
      const at = new Date(start + round * 30_000).toISOString();
      for (let i = 0; i < addresses.length; i += 30) {
        await producer.append(
          Stream.MARKET_SNAPSHOTS,
          addresses.slice(i, i + 30).map((address, k) => ({
            chain: 'SOLANA' as const,
            address,
            priceUsd: 1 + ((round + k) % 7) / 100,
            volumeUsdM5: 1000 + round,
            at,
          })),
        );
      }
    }
    const total = INGEST_TOKENS * INGEST_ROUNDS;
    const recorded = async () =>
      Number(
        (await client.query(`SELECT coalesce(sum(samples), 0) AS n FROM price_candles WHERE resolution = 'M1'`)).rows[0]
          .n,
      );
    await waitFor(async () => (await recorded()) >= total, 600_000, `${total} snapshots recorded`);
    const seconds = (performance.now() - started) / 1000;
    const cpu = readCpuSeconds(tokens.child.pid!) - cpuBefore;
    const pgAfter = await readPostgresCpu(client, databaseName);
    // A backend opened during the run (the pool grew) counts whole: all its work is this run's.
    const pgCpu = [...pgAfter].reduce((sum, [pid, s]) => sum + s - (pgBefore.get(pid) ?? 0), 0);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM price_candles');
    console.log(
      `ingestion: ${total} snapshots in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s); ` +
        `tokens ${((cpu * 1000) / total).toFixed(3)} ms CPU per snapshot, Postgres backends ` +
        `${((pgCpu * 1000) / total).toFixed(3)} ms per snapshot; ${rows[0]!.n} candle rows`,
    );
  } finally {
    await client.end();
    await producer.close();
    await tokens.stop();
    await database.drop();
  }
}

console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
const serverUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
await ensureLocalPostgres(serverUrl);
const redisServer = await startPrivateRedis();
try {
  if (env.BENCH_PART !== 'ingestion') {
    await measureRedis(redisServer.url, redisServer.port);
    await measurePostgres(serverUrl);
  }
  await measureIngestion(serverUrl, redisServer.url);
} finally {
  await redisServer.close();
}
