/**
 * Market-data's read path: `tokens(first: 50)` over BENCH_LISTED (default 600) listed tokens and single-token
 * `_entities` reads, on one in-process instance whose records were written through its own store (upstreams
 * unreachable, polling off, records fresh for the whole run, so nothing changes under the reads). Rotating windows of
 * each operation; prints ops/s and CPU per operation (the process's, load generator included) per window.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketData } from '@memegraph/market-data';
import { postGraphql } from '../../harness/graphql-http.js';
import {
  clearRedisPrefix,
  createBenchTokens,
  toBenchMarketDataEnv,
  warmMarketCache,
} from '../gateway-peers/dataset.js';

const LISTED = Number(process.env.BENCH_LISTED ?? 600);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 4_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = 4;

const LIST = `{ tokens(first: 50) { totalCount edges { cursor node { market { priceUsd volumeUsd(window: H24) } } } } }`;
const ONE = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { market { priceUsd updatedAt stale } } } }`;

/** Runs the read-path windows; returns wrong answers (empty when every answer was checked right). */
export async function benchReadPath(redisUrl: string): Promise<string[]> {
  const log = createLogger('bench', 'silent');
  const prefix = `bench:${randomBytes(4).toString('hex')}:`;
  const tokens = createBenchTokens(LISTED, LISTED);
  await warmMarketCache(redisUrl, prefix, tokens);
  const service = await startMarketData(
    loadMarketDataConfig({
      LOG_LEVEL: 'silent',
      MARKET_DATA_PORT: '0',
      ...toBenchMarketDataEnv(redisUrl, prefix),
    }),
    log,
  );
  const wrong: string[] = [];
  const top = Math.max(...tokens.map((t) => t.volumeUsd24h));
  const operations = {
    'tokens(first: 50)': async () => {
      const { body } = await postGraphql(service.url, LIST);
      const edges = body.data?.tokens?.edges ?? [];
      if (edges.length !== 50 || edges[0]?.node.market.volumeUsd !== top) wrong.push(`list: ${JSON.stringify(body)}`);
    },
    'single token': async (i: number) => {
      const token = tokens[i % tokens.length]!;
      const { body } = await postGraphql(service.url, ONE, {
        r: [{ __typename: 'Token', chain: 'SOLANA', address: token.address }],
      });
      if (body.data?._entities?.[0]?.market?.priceUsd !== token.priceUsd) wrong.push(`one: ${JSON.stringify(body)}`);
    },
  };
  console.log(
    `read path: ${LISTED} listed tokens, ${ROUNDS} rounds of ${WINDOW_MS} ms windows, ${CONCURRENCY} clients`,
  );
  console.log(`| window | operation | ops/s | CPU ms/op |\n|---|---|---|---|`);
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      for (const [name, run] of Object.entries(operations)) {
        let count = 0;
        const cpu = process.cpuUsage();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (performance.now() - started < WINDOW_MS) await run(count++);
          }),
        );
        const elapsed = performance.now() - started;
        const { user, system } = process.cpuUsage(cpu);
        // Round 0 warms up (JIT, L1) and is not printed.
        if (round > 0) {
          console.log(
            `| ${round} | ${name} | ${((count * 1000) / elapsed).toFixed(0)} | ${((user + system) / 1000 / count).toFixed(3)} |`,
          );
        }
      }
    }
  } finally {
    await service.close();
    await clearRedisPrefix(redisUrl, prefix);
  }
  return wrong;
}
