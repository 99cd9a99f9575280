/**
 * Our gateway against Hive Gateway, the subgraphs called directly and a bare HTTP server: `npm run bench:gateway`.
 *
 * Seeds BENCH_TOKEN_COUNT (10,000) tokens into a fresh database on DATABASE_URL's server and their market
 * records into market-data's Redis cache (BENCH_LISTED_TOKENS, 500, tracked and ranked by Query.tokens),
 * starts both subgraphs, each gateway and the bare server in their own processes, then drives every
 * contender with the same query mix (gateway-peers/operations.ts) at each of BENCH_CONCURRENCY (10,50,200)
 * for BENCH_ROUNDS (4) rounds of BENCH_DURATION_S (5) seconds, alternating the order every round, after
 * BENCH_WARMUP_S (2) of warm-up. Every answer is compared with the expected data: a wrong answer is an
 * error, and any error makes the process exit with 1. Prints the tables and writes them with an SVG chart
 * to BENCH_OUTPUT_DIR (docs/bench). BENCH_CONTENDERS picks contenders (names below).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { createLogger, closeOnSignal } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from '@memegraph/gateway';
import { loadMarketDataConfig, startMarketData } from '@memegraph/market-data';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { ensureRedis } from '../harness/redis.js';
import { createTestDatabase } from '../harness/test-database.js';
import {
  forkServer,
  serveRecordedResponses,
  startHiveGateway,
  writeHiveSupergraph,
  type ServerProcess,
} from './gateway-peers/contenders.js';
import {
  BENCH_TOKENS_ENV,
  clearRedisPrefix,
  createBenchTokens,
  seedTokensDatabase,
  toBenchMarketDataEnv,
  warmMarketCache,
} from './gateway-peers/dataset.js';
import { addRound, describeRound, measureRound, toBenchRow, type CellTotals } from './gateway-peers/cells.js';
import { createGraphqlClient, runClosedLoop, type GraphqlClient } from './gateway-peers/load.js';
import { assertMatchesDataset, createOperations, type BenchOperation } from './gateway-peers/operations.js';
import { toKindTable, toRatiosTable, toResultsTable, toSvgChart, type BenchRow } from './gateway-peers/report.js';

const env = process.env;
const TOKEN_COUNT = Number(env.BENCH_TOKEN_COUNT ?? 10_000);
const LISTED = Number(env.BENCH_LISTED_TOKENS ?? 500);
const LEVELS = (env.BENCH_CONCURRENCY ?? '10,50,200').split(',').map(Number);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 4);
const DURATION_S = Number(env.BENCH_DURATION_S ?? 5);
const WARMUP_S = Number(env.BENCH_WARMUP_S ?? 2);
const OUTPUT_DIR = env.BENCH_OUTPUT_DIR ?? fileURLToPath(new URL('../../docs/bench', import.meta.url));
const BENCH_FILE = fileURLToPath(import.meta.url);
/** Our gateway's variants: each optimisation switched on in turn (see README "Gateway vs peers"). */
const OURS: Record<string, Record<string, string>> = {
  'ours-baseline': { SUBGRAPH_FETCHER: 'fetch', SUBGRAPH_DEDUP: 'false' },
  'ours+undici': { SUBGRAPH_FETCHER: 'undici', SUBGRAPH_DEDUP: 'false' },
  ours: {},
  'ours+cache': { RESPONSE_CACHE_TTL_MS: '1000' },
};
const CONTENDERS = (env.BENCH_CONTENDERS ?? 'ours,ours+cache,hive,hive+rust,direct,limit').split(',');
/** Services run as in production: the subgraphs accept only the secret's bearers (Hive gets it too). */
const SUBGRAPH_SECRET = `bench-${randomBytes(16).toString('hex')}`;
// The load comes from one loopback address: the per-client rate limit (on in production) would refuse it.
const quiet = { LOG_LEVEL: 'silent', NODE_ENV: 'production', SUBGRAPH_SECRET, RATE_LIMIT_PER_MINUTE: '0' };

/** Serve modes: this file forked as one service process. */
async function serve(mode: string, arg: string): Promise<void> {
  const config = JSON.parse(arg) as Record<string, string>;
  const log = createLogger(mode, 'silent');
  const service =
    mode === '--serve-tokens'
      ? await startTokens(loadTokensConfig(config), log)
      : mode === '--serve-market'
        ? await startMarketData(loadMarketDataConfig(config), log)
        : await startGateway(loadGatewayConfig(config), log);
  closeOnSignal(service, log, { timeoutMs: 10_000 });
  process.send!({ url: service.url });
}

type Contender = { name: string; server?: ServerProcess; send: (client: Clients, i: number) => Promise<void> };
type Clients = { gateway?: GraphqlClient; tokens: GraphqlClient; market: GraphqlClient };

async function runBench(): Promise<void> {
  const serverUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  await Promise.all([ensureLocalPostgres(serverUrl), ensureRedis(redisUrl)]);
  const database = await createTestDatabase(serverUrl, 'bench_gateway_peers');
  const prefix = `bench:gateway-peers:${process.pid}:`;
  const tmp = mkdtempSync(join(os.tmpdir(), 'memegraph-gateway-peers-'));
  const servers: ServerProcess[] = [];
  const start = async (server: Promise<ServerProcess>) => (servers.push(await server), servers.at(-1)!);
  let failed = false;
  try {
    const tokens = createBenchTokens(TOKEN_COUNT, LISTED);
    await warmMarketCache(redisUrl, prefix, tokens);
    const tokensServer = await start(
      forkServer(
        BENCH_FILE,
        '--serve-tokens',
        JSON.stringify({
          ...quiet,
          DATABASE_URL: database.url,
          TOKENS_PORT: '0',
          ...BENCH_TOKENS_ENV,
        }),
      ),
    );
    await seedTokensDatabase(database.url, tokens);
    // Polling off and upstreams at a closed port: market-data serves the warmed cache only.
    const marketServer = await start(
      forkServer(
        BENCH_FILE,
        '--serve-market',
        JSON.stringify({ ...quiet, MARKET_DATA_PORT: '0', ...toBenchMarketDataEnv(redisUrl, prefix) }),
      ),
    );
    const subgraphPids = [tokensServer.pid, marketServer.pid];
    console.log(`seeded ${TOKEN_COUNT} tokens (${LISTED} listed), market cache warmed; subgraphs up`);

    // The expected answers: the subgraphs called directly, stitched, and checked against the data set.
    const operations = createOperations(tokens).flat();
    const mix = createOperations(tokens);
    const pick = (i: number): BenchOperation => {
      const group = mix[i % mix.length]!;
      return group[Math.floor(i / mix.length) % group.length]!;
    };
    const byAddress = new Map(tokens.map((t) => [t.address, t]));
    const direct = (clients: Clients) => (target: 'tokens' | 'market', body: string) =>
      clients[target].post(body).then((response) => {
        if (response.errors?.length) throw new Error(`${target}: ${JSON.stringify(response.errors).slice(0, 300)}`);
        return response.data;
      });
    const setup: Clients = {
      tokens: createGraphqlClient(tokensServer.url, 4, SUBGRAPH_SECRET),
      market: createGraphqlClient(marketServer.url, 4, SUBGRAPH_SECRET),
    };
    const expected = new Map<string, unknown>();
    for (const op of [...mix[0]!, ...mix[1]!, ...mix[2]!, ...mix[3]!]) {
      const data = await op.direct(direct(setup));
      assertMatchesDataset(op, data, byAddress);
      expected.set(op.body, data);
    }
    console.log(`${operations.length} distinct operations answered and checked against the data set`);

    const viaGateway = async (clients: Clients, i: number) => {
      const op = pick(i);
      const response = await clients.gateway!.post(op.body);
      if (response.errors?.length) throw new Error(`${op.kind}: ${JSON.stringify(response.errors).slice(0, 300)}`);
      if (!isDeepStrictEqual(response.data, expected.get(op.body))) throw new Error(`${op.kind}: wrong answer`);
    };
    const contenders: Contender[] = [];
    for (const name of CONTENDERS) {
      if (name in OURS) {
        const config = {
          ...quiet,
          ...OURS[name],
          GATEWAY_PORT: '0',
          GATEWAY_HOST: '127.0.0.1',
          TOKENS_URL: tokensServer.url,
          MARKET_DATA_URL: marketServer.url,
        };
        contenders.push({
          name,
          server: await start(forkServer(BENCH_FILE, '--serve-ours', JSON.stringify(config))),
          send: viaGateway,
        });
      } else if (name === 'hive' || name === 'hive+rust') {
        const supergraph = writeHiveSupergraph(loadGatewayConfig({}).SUPERGRAPH_PATH, tmp, {
          tokens: tokensServer.url,
          'market-data': marketServer.url,
        });
        const server = await start(startHiveGateway(supergraph, SUBGRAPH_SECRET, name === 'hive+rust'));
        contenders.push({ name, server, send: viaGateway });
      } else if (name === 'limit') {
        const file = join(tmp, 'recorded.json');
        writeFileSync(
          file,
          JSON.stringify(
            Object.fromEntries(operations.map((op) => [op.body, JSON.stringify({ data: expected.get(op.body) })])),
          ),
        );
        contenders.push({ name, server: await start(forkServer(BENCH_FILE, '--serve-limit', file)), send: viaGateway });
      } else if (name === 'direct') {
        contenders.push({
          name,
          send: async (clients, i) => {
            const op = pick(i);
            if (!isDeepStrictEqual(await op.direct(direct(clients)), expected.get(op.body)))
              throw new Error(`${op.kind}: wrong answer`);
          },
        });
      } else {
        throw new Error(
          `unknown contender ${name} (known: ${[...Object.keys(OURS), 'hive', 'hive+rust', 'direct', 'limit']})`,
        );
      }
    }
    await setup.tokens.close();
    await setup.market.close();

    const cells = new Map<string, CellTotals>();
    const runRound = async (contender: Contender, concurrency: number, seconds: number) => {
      const clients: Clients = {
        gateway: contender.server && createGraphqlClient(contender.server.url, concurrency),
        tokens: createGraphqlClient(tokensServer.url, concurrency, SUBGRAPH_SECRET),
        market: createGraphqlClient(marketServer.url, concurrency, SUBGRAPH_SECRET),
      };
      try {
        return await measureRound(contender.server?.pid, subgraphPids, () =>
          runClosedLoop(
            concurrency,
            seconds,
            (i) => contender.send(clients, i),
            (i) => pick(i).kind,
          ),
        );
      } finally {
        await Promise.all([clients.gateway?.close(), clients.tokens.close(), clients.market.close()]);
      }
    };
    for (const concurrency of LEVELS) {
      for (const contender of contenders) await runRound(contender, concurrency, WARMUP_S);
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? contenders : [...contenders].reverse();
        for (const contender of order) {
          const measured = await runRound(contender, concurrency, DURATION_S);
          console.log(`c=${concurrency} round ${round + 1} ${contender.name}: ${describeRound(measured.value)}`);
          const key = `${contender.name}@${concurrency}`;
          cells.set(key, addRound(cells.get(key), measured));
        }
      }
    }

    const rows: BenchRow[] = [];
    for (const concurrency of LEVELS) {
      for (const contender of contenders) {
        const cell = cells.get(`${contender.name}@${concurrency}`)!;
        failed ||= cell.errors > 0;
        for (const sample of cell.errorSamples.slice(0, 3)) {
          console.error(`  ${contender.name} c=${concurrency}: ${sample}`);
        }
        rows.push(toBenchRow(contender.name, concurrency, cell, contender.server !== undefined));
      }
    }
    const cpus = os.cpus();
    const machine =
      `${cpus[0]?.model.trim()} × ${cpus.length} (nproc ${os.availableParallelism()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `Node ${process.version}; load generator, gateways, subgraphs, Postgres and Redis share the machine`;
    const settings =
      `${TOKEN_COUNT} tokens (${LISTED} listed), ${ROUNDS} alternating rounds × ${DURATION_S} s per cell after ${WARMUP_S} s warm-up; ` +
      `mix: tokens(first: 50), token, tokensByAddress(100), searchTokens in turn`;
    const markdown = `${machine}\n\n${settings}\n\n${toResultsTable(rows)}\n\n${toRatiosTable(rows)}\n\np50 latency (ms) by operation:\n\n${toKindTable(rows)}\n`;
    console.log(`\n${markdown}`);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    writeFileSync(
      join(OUTPUT_DIR, 'gateway-peers.md'),
      `# Gateway vs peers (generated by npm run bench:gateway)\n\n${markdown}`,
    );
    writeFileSync(
      join(OUTPUT_DIR, 'gateway-peers.svg'),
      toSvgChart(rows, `${machine.split(';')[0]}; ${settings.split(';')[0]}`),
    );
    console.log(`wrote ${join(OUTPUT_DIR, 'gateway-peers.md')} and gateway-peers.svg`);
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await database.drop();
    await clearRedisPrefix(redisUrl, prefix);
    rmSync(tmp, { recursive: true, force: true });
  }
  if (failed) {
    console.error('\nerrors or wrong answers (see above)');
    process.exitCode = 1;
  }
}

const [mode, arg] = process.argv.slice(2);
if (mode === '--serve-limit') await serveRecordedResponses(arg!);
else if (mode?.startsWith('--serve-')) await serve(mode, arg!);
else await runBench();
