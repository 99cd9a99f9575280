/**
 * Where the whole stack's time goes: `npm run bench:profile` (builds first).
 *
 * Runs the gateway bench's data set and query mix (gateway-peers/dataset.ts, operations.ts) through the
 * COMPILED services (`node --cpu-prof dist/main.js`, NODE_ENV=production in their process environment, as
 * the images run them): BENCH_TOKEN_COUNT (10,000) tokens, BENCH_LISTED_TOKENS (500) listed, a closed loop
 * of BENCH_CONCURRENCY (50) clients for BENCH_DURATION_S (10) seconds after BENCH_WARMUP_S (3) of warm-up,
 * every answer checked. Then prints, for the measured window only:
 * - per operation: subgraph requests (the gateway's /metrics fetch counts), SQL statements and round trips
 *   (a counting proxy in front of Postgres), Redis commands (INFO commandstats of a private redis-server);
 * - per service: CPU ms per operation and self time by package and by source file (BENCH_PROFILE_TOP, 15).
 * The .cpuprofile files stay in BENCH_PROFILE_DIR (a fresh temporary folder) for Chrome DevTools.
 *
 * A/B of a gateway change: BENCH_BASELINE names another checkout of the repo, built (`npm run build` there,
 * its node_modules may be a link to this one's). Its gateway runs beside ours on the same subgraphs, and
 * BENCH_AB_ROUNDS (4) rounds of BENCH_AB_SECONDS (5) alternate between the two (order reversed every
 * round), printing each window's ops/s and gateway CPU ms per operation, and the ranges of the ratios.
 * BENCH_BASELINE_NODE_ARGS (space-separated) adds Node options to the baseline gateway only: with
 * BENCH_BASELINE set to this very checkout it A/Bs a runtime flag (e.g. `--max-semi-space-size=32`).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Redis } from 'ioredis';
import postgres from 'pg';
import { getFreePort } from '../harness/free-port.js';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { startPrivateRedis } from '../harness/private-redis.js';
import { spawnProcess, waitUntilHealthy, type SpawnedProcess } from '../harness/process.js';
import { spawnService, type ServiceProcess, type ServiceWorkspace } from '../harness/service-process.js';
import { createTestDatabase } from '../harness/test-database.js';
import {
  BENCH_TOKENS_ENV,
  createBenchTokens,
  seedTokensDatabase,
  toBenchMarketDataEnv,
  warmMarketCache,
} from './gateway-peers/dataset.js';
import { createGraphqlClient, readCpuSeconds, readPostgresCpu, runClosedLoop } from './gateway-peers/load.js';
import { assertMatchesDataset, createOperations } from './gateway-peers/operations.js';
import { summariseProfile, toSelfTimeTable, type CpuProfile } from './profile/cpu-profile-summary.js';
import { startPgStatementCounter } from './profile/pg-statement-counter.js';

const env = process.env;
const TOKEN_COUNT = Number(env.BENCH_TOKEN_COUNT ?? 10_000);
const LISTED = Number(env.BENCH_LISTED_TOKENS ?? 500);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 50);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 3);
const TOP = Number(env.BENCH_PROFILE_TOP ?? 15);
const BASELINE = env.BENCH_BASELINE;
const BASELINE_NODE_ARGS = (env.BENCH_BASELINE_NODE_ARGS ?? '').split(' ').filter(Boolean);
const AB_ROUNDS = Number(env.BENCH_AB_ROUNDS ?? 4);
const AB_SECONDS = Number(env.BENCH_AB_SECONDS ?? 5);
const PROFILE_DIR = env.BENCH_PROFILE_DIR ?? mkdtempSync(join(os.tmpdir(), 'memegraph-profile-'));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SUBGRAPH_SECRET = `bench-${randomBytes(16).toString('hex')}`;
// As in the gateway bench: production mode, quiet, and no per-client rate limit (the load has one address).
const COMMON = { LOG_LEVEL: 'silent', NODE_ENV: 'production', SUBGRAPH_SECRET, RATE_LIMIT_PER_MINUTE: '0' };

/** Calls of every Redis command so far (INFO commandstats). */
async function readRedisCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** Subgraph fetches the gateway made so far, by subgraph (every outcome). */
async function readSubgraphFetches(gatewayUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^memegraph_subgraph_fetch_duration_seconds_count\{([^}]*)\} (\S+)$/gm)) {
    const subgraph = /subgraph="([^"]*)"/.exec(m[1]!)?.[1] ?? '?';
    counts.set(subgraph, (counts.get(subgraph) ?? 0) + Number(m[2]));
  }
  return counts;
}

const range = (values: number[]) =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}× (median ${[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(2)}×)`;

/** CPU seconds Redis has used so far (INFO cpu: user + system, main thread and children). */
async function readRedisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return [...info.matchAll(/^used_cpu_(?:sys|user)(?:_children)?:([\d.]+)/gm)].reduce(
    (sum, m) => sum + Number(m[1]),
    0,
  );
}

const diff = (after: Map<string, number>, before: Map<string, number>) =>
  [...after].map(([name, n]) => [name, n - (before.get(name) ?? 0)] as const).filter(([, n]) => n > 0);

async function runProfile(): Promise<void> {
  const serverUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  await ensureLocalPostgres(serverUrl);
  const redisServer = await startPrivateRedis();
  const database = await createTestDatabase(serverUrl, 'bench_profile');
  const target = new URL(database.url);
  const pgCounter = await startPgStatementCounter(target.hostname, Number(target.port || 5432));
  const prefix = 'bench:profile:';
  const services: Array<{ name: string; process: ServiceProcess }> = [];
  const start = async (name: string, workspace: ServiceWorkspace, port: number, config: Record<string, string>) => {
    const dir = join(PROFILE_DIR, name);
    mkdirSync(dir, { recursive: true });
    const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`];
    services.push({ name, process: await spawnService(workspace, port, { ...COMMON, ...config }, 'built', args) });
    return `http://127.0.0.1:${port}`;
  };
  const redis = new Redis(redisServer.url);
  const pgAdmin = new postgres.Client({ connectionString: database.url });
  await pgAdmin.connect();
  const databaseName = target.pathname.slice(1);
  let baseline: SpawnedProcess | undefined;
  try {
    const tokens = createBenchTokens(TOKEN_COUNT, LISTED);
    await warmMarketCache(redisServer.url, prefix, tokens);
    const [tokensPort, marketPort, gatewayPort] = [await getFreePort(), await getFreePort(), await getFreePort()];
    const tokensUrl = await start('tokens', 'subgraphs/tokens', tokensPort, {
      DATABASE_URL: pgCounter.url(database.url),
      REDIS_URL: redisServer.url,
      TOKENS_PORT: String(tokensPort),
      ...BENCH_TOKENS_ENV,
    });
    await seedTokensDatabase(database.url, tokens);
    const marketUrl = await start('market-data', 'subgraphs/market-data', marketPort, {
      MARKET_DATA_PORT: String(marketPort),
      ...toBenchMarketDataEnv(redisServer.url, prefix),
    });
    const gatewayEnv = {
      GATEWAY_HOST: '127.0.0.1',
      REDIS_URL: redisServer.url,
      TOKENS_URL: `${tokensUrl}/graphql`,
      MARKET_DATA_URL: `${marketUrl}/graphql`,
    };
    const gatewayUrl = await start('gateway', 'gateway', gatewayPort, {
      ...gatewayEnv,
      GATEWAY_PORT: String(gatewayPort),
    });
    console.log(`compiled services up (${TOKEN_COUNT} tokens, ${LISTED} listed); profiles in ${PROFILE_DIR}`);

    // Every distinct operation answered once and checked against the data set; the load then compares bytes.
    const mix = createOperations(tokens);
    const pick = (i: number) => {
      const group = mix[i % mix.length]!;
      return group[Math.floor(i / mix.length) % group.length]!;
    };
    const byAddress = new Map(tokens.map((t) => [t.address, t]));
    const client = createGraphqlClient(`${gatewayUrl}/graphql`, CONCURRENCY);
    const expected = new Map<string, unknown>();
    for (const op of mix.flat()) {
      const response = await client.post(op.body);
      if (response.errors?.length) throw new Error(`${op.kind}: ${JSON.stringify(response.errors).slice(0, 300)}`);
      assertMatchesDataset(op, response.data, byAddress);
      expected.set(op.body, response.data);
    }
    const sendTo = (gateway: typeof client) => async (i: number) => {
      const op = pick(i);
      const response = await gateway.post(op.body);
      if (response.errors?.length) throw new Error(`${op.kind}: ${JSON.stringify(response.errors).slice(0, 300)}`);
      if (!isDeepStrictEqual(response.data, expected.get(op.body))) throw new Error(`${op.kind}: wrong answer`);
    };
    const send = sendTo(client);
    const label = (i: number) => pick(i).kind;
    await runClosedLoop(CONCURRENCY, WARMUP_S, send, label);

    const pids = services.map((s) => s.process.child.pid!);
    const before = {
      cpu: pids.map(readCpuSeconds),
      fetches: await readSubgraphFetches(gatewayUrl),
      pg: pgCounter.counts(),
      redis: await readRedisCalls(redis),
      redisCpu: await readRedisCpuSeconds(redis),
      postgresCpu: await readPostgresCpu(pgAdmin, databaseName),
      loadAverage: os.loadavg()[0]!,
    };
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const load = await runClosedLoop(CONCURRENCY, DURATION_S, send, label);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const cpu = pids.map((pid, i) => readCpuSeconds(pid) - before.cpu[i]!);
    const fetches = diff(await readSubgraphFetches(gatewayUrl), before.fetches);
    const pg = pgCounter.counts();
    const redisCpu = (await readRedisCpuSeconds(redis)) - before.redisCpu;
    const postgresAfter = await readPostgresCpu(pgAdmin, databaseName);
    const postgresCpu = [...postgresAfter].reduce((sum, [pid, s]) => sum + s - (before.postgresCpu.get(pid) ?? s), 0);
    const loadAverage = [before.loadAverage, os.loadavg()[0]!];
    const redisCalls = diff(await readRedisCalls(redis), before.redis).filter(([name]) => name !== 'info');
    if (load.errors > 0) throw new Error(`${load.errors} errors or wrong answers, e.g. ${load.errorSamples[0]}`);
    if (BASELINE) {
      const gatewayConfig = { ...COMMON, ...gatewayEnv, GATEWAY_PORT: String(await getFreePort()) };
      const dir = join(PROFILE_DIR, 'baseline-gateway');
      baseline = spawnProcess(
        process.execPath,
        [...BASELINE_NODE_ARGS, '--cpu-prof', `--cpu-prof-dir=${dir}`, 'dist/main.js'],
        {
          cwd: join(BASELINE, 'gateway'),
          env: { PATH: env.PATH, HOME: env.HOME, ...gatewayConfig },
        },
      );
      const baselineUrl = `http://127.0.0.1:${gatewayConfig.GATEWAY_PORT}`;
      await waitUntilHealthy(baseline, 'baseline gateway', `${baselineUrl}/health`, 60_000);
      const baselineClient = createGraphqlClient(`${baselineUrl}/graphql`, CONCURRENCY);
      const contenders = [
        { name: 'ours', pid: pids[services.findIndex((s) => s.name === 'gateway')]!, send },
        { name: 'baseline', pid: baseline.child.pid!, send: sendTo(baselineClient) },
      ];
      // As much traffic as ours had before the A/B (its warm-up and the profiled window): a gateway still
      // warming up (JIT, caches) would lose the first rounds.
      await runClosedLoop(CONCURRENCY, WARMUP_S + DURATION_S, contenders[1]!.send, label);
      const ratios = { opsPerSecond: [] as number[], cpuPerOp: [] as number[] };
      for (let round = 0; round < AB_ROUNDS; round++) {
        const window: Record<string, { rps: number; cpuMs: number }> = {};
        for (const contender of round % 2 === 0 ? contenders : [...contenders].reverse()) {
          const cpuBefore = readCpuSeconds(contender.pid);
          const result = await runClosedLoop(CONCURRENCY, AB_SECONDS, contender.send, label);
          if (result.errors > 0) throw new Error(`${contender.name}: ${result.errorSamples[0]}`);
          const cpuMs = ((readCpuSeconds(contender.pid) - cpuBefore) * 1000) / result.ok;
          window[contender.name] = { rps: result.ok / result.seconds, cpuMs };
          console.log(
            `A/B round ${round + 1} ${contender.name}: ${window[contender.name]!.rps.toFixed(0)} ops/s, gateway ${cpuMs.toFixed(2)} ms CPU per operation`,
          );
        }
        ratios.opsPerSecond.push(window.ours!.rps / window.baseline!.rps);
        ratios.cpuPerOp.push(window.baseline!.cpuMs / window.ours!.cpuMs);
      }
      console.log(
        `ours/baseline ops/s: ${range(ratios.opsPerSecond)}; baseline/ours gateway CPU per op: ${range(ratios.cpuPerOp)}`,
      );
      await baselineClient.close();
    }
    await client.close();

    const ops = load.ok;
    const per = (n: number) => (n / ops).toFixed(2);
    const redisTotal = redisCalls.reduce((sum, [, n]) => sum + n, 0);
    console.log(
      `\n${ops} operations in ${load.seconds.toFixed(1)} s at ${CONCURRENCY} connections: ` +
        `${(ops / load.seconds).toFixed(0)} ops/s (mix: tokens(first: 50), token, tokensByAddress(100), searchTokens); ` +
        `load average ${loadAverage.map((l) => l.toFixed(1)).join(' → ')} on ${os.cpus().length} cores\n`,
    );
    console.log('per operation:');
    for (const [subgraph, n] of fetches) console.log(`  ${per(n).padStart(7)}  subgraph requests to ${subgraph}`);
    console.log(`  ${per(pg.statements - before.pg.statements).padStart(7)}  SQL statements`);
    console.log(`  ${per(pg.roundTrips - before.pg.roundTrips).padStart(7)}  Postgres round trips`);
    console.log(`  ${per(redisTotal).padStart(7)}  Redis commands`);
    for (const [command, n] of redisCalls.sort((a, b) => b[1] - a[1])) {
      console.log(`  ${per(n).padStart(7)}    ${command.toUpperCase()}`);
    }
    console.log('\nCPU per operation (from /proc):');
    services.forEach((s, i) => console.log(`  ${((cpu[i]! * 1000) / ops).toFixed(2).padStart(7)} ms  ${s.name}`));
    console.log(
      `  ${((postgresCpu * 1000) / ops).toFixed(2).padStart(7)} ms  Postgres (backends of the bench database)`,
    );
    console.log(`  ${((redisCpu * 1000) / ops).toFixed(2).padStart(7)} ms  Redis (private redis-server, INFO cpu)`);

    for (const service of services.reverse()) await service.process.stop();
    services.length = 0;
    for (const name of ['gateway', 'tokens', 'market-data']) {
      const dir = join(PROFILE_DIR, name);
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`${name} wrote no profile in ${dir}`);
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
      const summary = summariseProfile(profile, REPO_ROOT, fromUs, toUs);
      console.log(`\n== ${name}: ${summary.busyMs.toFixed(0)} ms busy in the window (${join(dir, file)})`);
      console.log(toSelfTimeTable('self time by package', summary.packages, TOP));
      console.log(toSelfTimeTable('self time by file', summary.files, TOP));
    }
  } finally {
    await baseline?.stop();
    for (const service of services.reverse()) await service.process.stop();
    await redis.quit();
    await pgAdmin.end();
    await pgCounter.close();
    await database.drop();
    await redisServer.close();
  }
}

await runProfile();
