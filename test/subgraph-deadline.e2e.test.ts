/**
 * A hung subgraph costs each answer at most SUBGRAPH_TIMEOUT_MS, end to end: gateway, tokens and
 * market-data each in its own process; market-data is frozen with SIGSTOP (its sockets stay open and
 * nothing answers), and more queries than the gateway has connections to it (SUBGRAPH_CONNECTIONS) are
 * sent at once, so most of them wait for a connection first. Every answer arrives within the deadline
 * with the tokens fields and a SUBGRAPH_UNAVAILABLE error for market-data; after SIGCONT answers are
 * whole again. Prints the latencies it measured ([figures]).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import { startSubgraphProcesses, type SubgraphProcesses } from './harness/subgraph-processes.js';
import { fakeSolanaAddress } from './harness/token-fixtures.js';

const ADMIN_KEY = 'subgraph-deadline-admin-key-0123456789';
const ADDRESS = fakeSolanaAddress(1, 'Dead1ine');
const TIMEOUT_MS = 1_500;
const CONNECTIONS = 2;
/** Six times the connections: with a per-phase timeout the last of them would wait six timeouts. */
const CONCURRENT = 12;
/** Room for a busy shared machine (planning, the tokens fetch, process scheduling) on top of the deadline. */
const SLACK_MS = 1_500;
const JOINED = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`;
const TOKENS_ONLY = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol name } }`;

let subgraphs: SubgraphProcesses;
let gateway: ServiceProcess;
let graphqlUrl: string;

interface Answer {
  ms: number;
  status: number;
  symbol: unknown;
  market: unknown;
  /** [code, serviceName] of each error. */
  errors: Array<[unknown, unknown]>;
}

async function ask(query: string): Promise<Answer> {
  const started = performance.now();
  const result = await postGraphql<{ token?: { symbol?: string; market?: unknown } | null }>(graphqlUrl, query, {
    a: ADDRESS,
  });
  return {
    ms: Math.round(performance.now() - started),
    status: result.status,
    symbol: result.body.data?.token?.symbol,
    market: result.body.data?.token?.market,
    errors: (result.body.errors ?? []).map((error) => [error.extensions?.code, error.extensions?.serviceName]),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

beforeAll(async () => {
  subgraphs = await startSubgraphProcesses('subgraph_deadline', ADMIN_KEY);
  const port = await getFreePort();
  gateway = await spawnService('gateway', port, {
    LOG_LEVEL: 'error',
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraphs.tokensUrl,
    MARKET_DATA_URL: subgraphs.marketDataUrl,
    SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS),
    SUBGRAPH_CONNECTIONS: String(CONNECTIONS),
    // Identical fetches would otherwise share one request: every query must make its own.
    SUBGRAPH_DEDUP: 'false',
  });
  graphqlUrl = `${gateway.baseUrl}/graphql`;
  const tracked = await postGraphql(
    graphqlUrl,
    `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Deadline", symbol: "DLN" }) { symbol } }`,
    { a: ADDRESS },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'DLN' } } });
}, 120_000);

afterAll(async () => {
  gateway?.kill();
  await gateway?.exited;
  await subgraphs?.close();
});

describe('a subgraph that hangs (SIGSTOP)', () => {
  let frozenAt = 0;

  it('answers with both subgraphs before the fault', async () => {
    const answer = await ask(JOINED);
    expect(answer).toMatchObject({ status: 200, symbol: 'DLN', errors: [] });
  });

  it(`costs each of ${CONCURRENT} concurrent queries over ${CONNECTIONS} connections at most SUBGRAPH_TIMEOUT_MS, and the rest of the answer arrives`, async () => {
    subgraphs.marketData.child.kill('SIGSTOP');
    frozenAt = performance.now();
    const tokensOnly = ask(TOKENS_ONLY);
    const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => ask(JOINED)));
    for (const answer of answers) {
      expect(answer).toMatchObject({
        status: 200,
        symbol: 'DLN',
        market: null,
        errors: [['SUBGRAPH_UNAVAILABLE', 'market-data']],
      });
    }
    const latencies = answers.map((answer) => answer.ms);
    // Each waited for its deadline (the subgraph really hung) and no longer, queueing included.
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(Math.max(...latencies)).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    // A query that needs only the healthy subgraph does not wait at all.
    const unaffected = await tokensOnly;
    expect(unaffected).toMatchObject({ status: 200, symbol: 'DLN', errors: [] });
    expect(unaffected.ms).toBeLessThan(TIMEOUT_MS);
    console.log(
      `[figures] market-data frozen (SIGSTOP), SUBGRAPH_TIMEOUT_MS=${TIMEOUT_MS}, ${CONCURRENT} concurrent queries ` +
        `over SUBGRAPH_CONNECTIONS=${CONNECTIONS}: answered (tokens fields + SUBGRAPH_UNAVAILABLE) in ` +
        `min ${Math.min(...latencies)} / median ${median(latencies)} / max ${Math.max(...latencies)} ms; ` +
        `a tokens-only query in ${unaffected.ms} ms`,
    );
  }, 60_000);

  it('answers whole again soon after SIGCONT', async () => {
    subgraphs.marketData.child.kill('SIGCONT');
    const thawedAt = performance.now();
    let last: Answer | undefined;
    await waitFor(
      async () => {
        last = await ask(JOINED);
        return last.errors.length === 0;
      },
      10_000,
      'an answer without errors',
    );
    const recoveredMs = Math.round(performance.now() - thawedAt);
    expect(last).toMatchObject({ status: 200, symbol: 'DLN', errors: [] });
    // The next answers are fast again: nothing is left queued behind the hung connections.
    const after = await Promise.all(Array.from({ length: CONCURRENT }, () => ask(JOINED)));
    for (const answer of after) expect(answer).toMatchObject({ status: 200, symbol: 'DLN', errors: [] });
    expect(Math.max(...after.map((answer) => answer.ms))).toBeLessThan(TIMEOUT_MS);
    console.log(
      `[figures] after SIGCONT (frozen ${Math.round(thawedAt - frozenAt)} ms): first whole answer after ${recoveredMs} ms; ` +
        `then ${CONCURRENT} concurrent queries in max ${Math.max(...after.map((answer) => answer.ms))} ms`,
    );
  }, 30_000);
});
