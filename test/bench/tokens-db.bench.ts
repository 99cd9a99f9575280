/**
 * Tokens subgraph at 100k tokens: `npx tsx test/bench/tokens-db.bench.ts`.
 *
 * Creates a scratch database on DATABASE_URL's server (default: the local Postgres), starts the tokens
 * subgraph in a child process (so the load generator does not share its event loop), seeds realistic
 * meme tokens, then measures searchTokens, tokensByAddress and _entities over real HTTP, sequentially
 * and at concurrency 10, and prints the Postgres plan of each statement. Every response is checked
 * against the seeded data; a wrong answer makes the process exit with 1.
 * BENCH_TOKEN_COUNT overrides the number of tokens (default 100000).
 * BENCH_NODE_ENV sets the service process's NODE_ENV (default production, as the images run; `development`
 * measures graphql-js's development-mode checks, 1.11x tokens CPU per operation on a lookup mix).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { loadTokensConfig, startTokens } from '@memegraph/tokens';
import { createDataSource } from '../../subgraphs/tokens/src/db/data-source.js';
import type { ReadRouter } from '../../subgraphs/tokens/src/db/read-router.js';
import { TokenRepository } from '../../subgraphs/tokens/src/token/token.repository.js';
import { postGraphql } from '../harness/graphql-http.js';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { createTestDatabase } from '../harness/test-database.js';

const SERVE_FLAG = '--serve-tokens';
const SEARCH_PAGE = 10;
const LOOKUP_SIZE = 100;
const SLOW_P95_MS = 50;
const PHASES = [
  { concurrency: 1, requests: 300, maxSeconds: 10 },
  { concurrency: 10, requests: 1000, maxSeconds: 10 },
];
const WARMUP_REQUESTS = 20;

interface SeedToken {
  address: string;
  symbol: string;
  name: string;
  decimals: number;
  imageUrl: string | null;
  tracked: boolean;
}
interface TokenRow {
  address: string;
  symbol: string;
  name: string;
}
interface BenchCase {
  name: string;
  query: string;
  /** Sends request number `i`; throws when the answer is wrong. */
  send(url: string, i: number): Promise<void>;
  /** Runs the same repository call directly, so its SQL can be captured for EXPLAIN. */
  repositoryCall(repo: TokenRepository): Promise<unknown>;
}
interface Row {
  name: string;
  query: string;
  concurrency: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  failures: number;
}

// Real mints of well-known tokens, tracked, so the exact-match queries have a known best answer.
const PLANTED: SeedToken[] = [
  { address: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', symbol: 'BONK', name: 'Bonk', decimals: 5 },
  { address: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', symbol: 'WIF', name: 'dogwifhat', decimals: 6 },
  { address: '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr', symbol: 'POPCAT', name: 'Popcat', decimals: 9 },
].map((t) => ({ ...t, imageUrl: null, tracked: true }));
const WORDS = (
  'dog cat pepe moon inu bonk doge shib frog wojak chad elon floki based sol pump giga turbo ape bear bull ' +
  'wif hat pop meow kitty shiba pup cheems bobo brett andy toshi mog degen hodl lambo wagmi rocket mars jeet ' +
  'rug cope fren bork pengu goat fwog mew slerf myro ponke michi sigma snek bome meme cult king lord smol'
).split(' ');
const PREFIXES = 'baby mini safe super giga turbo based lil king mr space dark golden sol degen'.split(' ');
const SUFFIXES = 'inu coin ai gpt classic x killer dao fi swap pad 2 420 69 1000x'.split(' ');
const ITEMS = 'hat cap beanie crown glasses chain scarf'.split(' ');
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Deterministic PRNG (mulberry32): the same data set on every run. */
function createRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Solana-like address: base58 of 32 random bytes, like a real mint (32-44 characters). */
function randomAddress(random: () => number): string {
  let n = 0n;
  for (let i = 0; i < 32; i++) n = (n << 8n) | BigInt(Math.floor(random() * 256));
  let out = '';
  for (; n > 0n; n /= 58n) out = BASE58[Number(n % 58n)] + out;
  return out.padStart(32, '1');
}

function randomMeme(random: () => number): { symbol: string; name: string } {
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const title = (...parts: string[]) => parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join(' ');
  const [word, other, prefix, suffix, item] = [pick(WORDS), pick(WORDS), pick(PREFIXES), pick(SUFFIXES), pick(ITEMS)];
  const number = String(1 + Math.floor(random() * 9999));
  switch (Math.floor(random() * 6)) {
    case 0:
      return { symbol: `${word}${number}`.toUpperCase(), name: title(word, number) };
    case 1:
      return { symbol: `${prefix}${word}`.toUpperCase(), name: title(prefix, word) };
    case 2:
      return { symbol: `${word}${other}`.toUpperCase(), name: title(word, other) };
    case 3:
      return { symbol: `${word}${suffix}`.toUpperCase(), name: title(word, suffix) };
    case 4:
      return { symbol: `${word}wif${item}`.toUpperCase(), name: `${word}wif${item}` };
    default:
      return { symbol: word.toUpperCase(), name: title(word, 'on', 'sol') };
  }
}

/** `count` tokens: the planted ones, then generated meme tokens (about 0.5% tracked). */
function generateTokens(count: number): SeedToken[] {
  const random = createRandom(20261127);
  const tokens = [...PLANTED];
  const seen = new Set(tokens.map((t) => t.address));
  while (tokens.length < count) {
    const address = randomAddress(random);
    if (seen.has(address)) continue;
    seen.add(address);
    const { symbol, name } = randomMeme(random);
    tokens.push({
      address,
      symbol,
      name,
      decimals: random() < 0.8 ? 6 : 9,
      imageUrl: random() < 0.7 ? `https://cdn.example.com/tokens/${address}.png` : null,
      tracked: random() < 0.005 && symbol !== 'BONK',
    });
  }
  return tokens;
}

async function seed(client: pg.Client, tokens: SeedToken[]): Promise<void> {
  for (let i = 0; i < tokens.length; i += 10_000) {
    const batch = tokens.slice(i, i + 10_000);
    await client.query(
      `INSERT INTO tokens (chain, address, name, symbol, decimals, image_url, tracked)
       SELECT 'SOLANA', a, n, s, d, img, t
       FROM unnest($1::varchar[], $2::text[], $3::text[], $4::smallint[], $5::text[], $6::boolean[]) AS x(a, n, s, d, img, t)`,
      [
        batch.map((t) => t.address),
        batch.map((t) => t.name),
        batch.map((t) => t.symbol),
        batch.map((t) => t.decimals),
        batch.map((t) => t.imageUrl),
        batch.map((t) => t.tracked),
      ],
    );
  }
}

/** pg_trgm's trigrams of a text: each run of letters and digits, lower-cased and padded as "  word ". */
function toTrigrams(text: string): Set<string> {
  const trigrams = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) trigrams.add(padded.slice(i, i + 3));
  }
  return trigrams;
}

/** pg_trgm's similarity(): shared trigrams over all distinct trigrams, as a float4. */
function getSimilarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const trigram of a) if (b.has(trigram)) shared++;
  const total = a.size + b.size - shared;
  return total === 0 ? 0 : Math.fround(shared / total);
}

/** The match class of the repository's CASE expression; 6 (fuzzy) or null left to the caller. */
function getMatchClass(t: SeedToken, query: string): number | null {
  const [lower, symbol, name] = [query.toLowerCase(), t.symbol.toLowerCase(), t.name.toLowerCase()];
  if (symbol === lower || t.address === query) return 0;
  if (symbol.startsWith(lower)) return 1;
  if (name === lower) return 2;
  if (name.startsWith(lower)) return 3;
  if (t.address.startsWith(query)) return 4;
  if (symbol.includes(lower) || name.includes(lower)) return 5;
  return null;
}

/**
 * Where the repository must rank a token for `query`, modelled in JS from its documented rules (match
 * class, similarity, tracked, symbol length), or null when it must not be found. The final address
 * tie-break is left out: that order depends on the database's collation.
 */
function getRank(t: SeedToken, query: string, queryTrigrams: Set<string>): number[] | null {
  const similarity = Math.max(
    getSimilarity(toTrigrams(t.symbol), queryTrigrams),
    getSimilarity(toTrigrams(t.name), queryTrigrams),
  );
  // Fuzzy: pg_trgm's % operator with its default similarity_threshold, for 3+ characters.
  const matchClass = getMatchClass(t, query) ?? (query.length >= 3 && similarity >= 0.3 ? 6 : null);
  return matchClass === null ? null : [matchClass, -similarity, t.tracked ? 0 : 1, t.symbol.length];
}

const compareRanks = (a: number[], b: number[]) => a.reduce((d, v, i) => d || v - b[i]!, 0);

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const result = await postGraphql(url, query, variables);
  assert(result.status === 200 && !result.body.errors, `HTTP ${result.status}: ${JSON.stringify(result.body.errors)}`);
  return result.body.data;
}

/**
 * A searchTokens case. The results must rank exactly as the JS model of the ranking says (the first page of
 * every seeded token's rank); `check` adds what the case promises.
 */
function searchCase(name: string, query: string, tokens: SeedToken[], check: (rows: TokenRow[]) => void): BenchCase {
  const queryTrigrams = toTrigrams(query);
  const expected = tokens
    .map((t) => getRank(t, query, queryTrigrams))
    .filter((rank) => rank !== null)
    .sort(compareRanks)
    .slice(0, SEARCH_PAGE)
    .map((rank) => rank.join());
  const byAddress = new Map(tokens.map((t) => [t.address, t]));
  const gql = `query($q: String!, $first: Int) { searchTokens(query: $q, first: $first) { address symbol name } }`;
  return {
    name,
    query,
    async send(url) {
      const rows: TokenRow[] = (await post(url, gql, { q: query, first: SEARCH_PAGE })).searchTokens;
      assert(rows.length === expected.length, `${rows.length} results, expected ${expected.length}`);
      rows.forEach((row, i) => {
        const stored = byAddress.get(row.address);
        assert(stored?.symbol === row.symbol && stored.name === row.name, `result ${i} is not a seeded token`);
        const rank = getRank(stored, query, queryTrigrams)?.join();
        assert(rank === expected[i], `result ${i} (${row.symbol}) ranks [${rank}], expected [${expected[i]}]`);
      });
      check(rows);
    },
    repositoryCall: (repo) => repo.search({ minLsn: null }, query, null, SEARCH_PAGE),
  };
}

/** tokensByAddress or _entities with 100 keys per request; every 20th is unknown for tokensByAddress. */
function lookupCase(kind: 'tokensByAddress' | '_entities', tokens: SeedToken[], unknown: string[]): BenchCase {
  const keysOf = (i: number) =>
    Array.from({ length: LOOKUP_SIZE }, (_, j) => {
      const expected =
        kind === 'tokensByAddress' && j % 20 === 0 ? null : tokens[(i * 7919 + j * 997) % tokens.length]!;
      return { address: expected?.address ?? unknown[(j / 20) % unknown.length]!, expected };
    });
  const gql =
    kind === 'tokensByAddress'
      ? `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { address symbol name } }`
      : `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { address symbol name } } }`;
  return {
    name: kind,
    query: `${LOOKUP_SIZE} keys`,
    async send(url, i) {
      const keys = keysOf(i);
      const addresses = keys.map((k) => k.address);
      const data = await post(
        url,
        gql,
        kind === 'tokensByAddress'
          ? { a: addresses }
          : { r: addresses.map((address) => ({ __typename: 'Token', chain: 'SOLANA', address })) },
      );
      const rows: (TokenRow | null)[] = data[kind];
      assert(rows.length === keys.length, `${rows.length} entries for ${keys.length} keys`);
      keys.forEach((k, j) => {
        const row = rows[j] ?? null;
        const ok = k.expected ? row?.address === k.address && row.symbol === k.expected.symbol : row === null;
        assert(ok, `entry ${j}: ${JSON.stringify(row)}, expected ${k.expected?.symbol ?? 'null'}`);
      });
    },
    repositoryCall: (repo) =>
      repo.findByKeys(
        { minLsn: null },
        keysOf(0).map((k) => ({ chain: 'SOLANA', address: k.address })),
      ),
  };
}

/** Sends requests with `concurrency` workers until `requests` are done or `maxSeconds` have passed. */
async function measure(bench: BenchCase, url: string, phase: (typeof PHASES)[number]): Promise<Row> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const send = (i: number) => bench.send(url, i).catch((error: Error) => void errors.push(error.message));
  for (let i = 0; i < WARMUP_REQUESTS; i++) await send(i);
  const started = performance.now();
  const deadline = started + phase.maxSeconds * 1000;
  let issued = 0;
  const worker = async () => {
    while (issued < phase.requests && performance.now() < deadline) {
      const t0 = performance.now();
      await send(issued++);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: phase.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (errors.length > 0) console.error(`  WRONG ANSWER ${bench.name} "${bench.query}": ${errors[0]}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] ?? NaN;
  return {
    name: bench.name,
    query: bench.query,
    concurrency: phase.concurrency,
    requests: issued,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    rps: issued / seconds,
    failures: errors.length,
  };
}

/**
 * Runs each case's repository call on a DataSource whose TypeORM logger captures the SQL, then
 * EXPLAIN (ANALYZE, BUFFERS) on exactly that statement and parameters (second run, warm cache).
 */
async function explainCases(databaseUrl: string, cases: BenchCase[]): Promise<Map<string, string[]>> {
  let captured: { sql: string; params: unknown[] } | undefined;
  const dataSource = createDataSource(databaseUrl, 'memegraph-bench-explain', {
    poolSize: 1,
    acquireTimeoutMs: 5000,
    statementTimeoutMs: 60_000,
    queryTimeoutMs: 61_000,
  });
  const ignore = () => undefined;
  dataSource.setOptions({
    logger: {
      logQuery: (sql, params) => void (captured = { sql, params: Array.isArray(params) ? params : [] }),
      logQueryError: ignore,
      logQuerySlow: ignore,
      logSchemaBuild: ignore,
      logMigration: ignore,
      log: ignore,
    },
  });
  await dataSource.initialize();
  const router: Pick<ReadRouter, 'read'> = { read: (_session, work) => work(dataSource.manager) };
  const repo = new TokenRepository(router as ReadRouter);
  const plans = new Map<string, string[]>();
  try {
    for (const bench of cases) {
      await bench.repositoryCall(repo);
      const { sql, params } = captured!;
      let plan: { 'QUERY PLAN': string }[] = [];
      for (let run = 0; run < 2; run++) plan = await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plans.set(
        `${bench.name} ${bench.query}`,
        plan.map((r) => r['QUERY PLAN']),
      );
    }
  } finally {
    await dataSource.destroy();
  }
  return plans;
}

/** How a plan found its rows: its scans of tokens (parts that never ran left out), planning and execution time. */
function summarizePlan(plan: string[]): { lines: string[]; executionMs: string; access: string } {
  const ran = plan.filter((l) => !l.includes('never executed'));
  const lines = ran
    .filter((l) => /Scan.* tokens|Execution Time|Planning Time/.test(l))
    .map((l) => l.trim().replace(/^->\s+/, ''));
  const indexes = new Set(ran.join('\n').match(/(?<=Scan (?:using|on) )tokens_\w+/g));
  return {
    lines,
    executionMs: ran.join('\n').match(/Execution Time: ([\d.]+)/)?.[1] ?? '?',
    access: ran.some((l) => l.includes('Seq Scan on tokens')) ? '**Seq Scan**' : [...indexes].join(', '),
  };
}

/** Prints the plans, then the figures as a markdown table with the plan of each case. */
function printReport(rows: Row[], plans: Map<string, string[]>, title: string, machine: string): void {
  console.log('\n## Plans (EXPLAIN ANALYZE, BUFFERS; warm cache)\n');
  for (const [name, plan] of plans) console.log([name, ...summarizePlan(plan).lines].join('\n    '));
  console.log(`\n## ${title}\n\n${machine}\n`);
  console.log('| case | query | conc | requests | p50 ms | p95 ms | p99 ms | req/s | plan ms | plan |');
  console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|---|');
  for (const row of rows) {
    const plan = summarizePlan(plans.get(`${row.name} ${row.query}`) ?? []);
    const flags = [row.failures > 0 && ' **WRONG**', row.concurrency === 1 && row.p95 > SLOW_P95_MS && ' **SLOW**'];
    const ms = [row.p50, row.p95, row.p99].map((v) => v.toFixed(1)).join(' | ');
    console.log(
      `| ${row.name} | \`${row.query}\` | ${row.concurrency} | ${row.requests} | ${ms} | ${row.rps.toFixed(0)} | ` +
        `${plan.executionMs} | ${plan.access}${flags.filter(Boolean).join('')} |`,
    );
  }
}

/** Child mode: serve the subgraph on a free port and report its URL to the parent. */
async function serveTokens(databaseUrl: string): Promise<void> {
  const service = await startTokens(
    loadTokensConfig({ DATABASE_URL: databaseUrl, TOKENS_PORT: '0', TOKENS_HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
  );
  process.once('disconnect', () => void service.close().finally(() => process.exit(0)));
  process.send!({ url: service.url });
}

async function startChild(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  // NODE_ENV=production in the process environment, as the images run (graphql-js reads it there).
  const child = fork(process.argv[1]!, [SERVE_FLAG, databaseUrl], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: process.env.BENCH_NODE_ENV ?? 'production' },
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`tokens service exited (${code})`))),
  ])) as [{ url: string }];
  return { child, url: message.url };
}

async function runBench(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const count = Number(process.env.BENCH_TOKEN_COUNT ?? 100_000);
  await ensureLocalPostgres(serverUrl);
  const database = await createTestDatabase(serverUrl, 'bench');
  const client = new pg.Client({ connectionString: database.url });
  let child: ChildProcess | undefined;
  let wrong = 0;
  try {
    const started = await startChild(database.url);
    child = started.child;
    await client.connect();
    const pgVersion = (await client.query('SHOW server_version')).rows[0].server_version as string;

    console.log(`seeding ${count} tokens...`);
    let t0 = performance.now();
    const tokens = generateTokens(count);
    console.log(`  generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    await seed(client, tokens);
    const seedSeconds = (performance.now() - t0) / 1000;
    console.log(`  inserted in ${seedSeconds.toFixed(1)} s`);
    t0 = performance.now();
    // VACUUM as well: it merges the GIN pending lists, the state autovacuum keeps a live table in.
    await client.query('VACUUM (ANALYZE) tokens');
    console.log(`  VACUUM ANALYZE in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const byAddress = new Map(tokens.map((t) => [t.address, t]));
    const target = tokens[Math.floor(tokens.length / 2)]!;
    const random = createRandom(7);
    const unknown = Array.from({ length: 5 }, () => randomAddress(random));
    assert(!unknown.some((a) => byAddress.has(a)), 'an "unknown" address is seeded');
    assert(!tokens.some((t) => `${t.symbol} ${t.name}`.toLowerCase().includes('pepr')), 'seed data contains "pepr"');
    const fullPage = (rows: TokenRow[]) => assert(rows.length === SEARCH_PAGE, `only ${rows.length} results`);
    const cases: BenchCase[] = [
      searchCase('search exact symbol', 'BONK', tokens, (rows) =>
        assert(rows[0]?.address === PLANTED[0]!.address, `first is ${rows[0]?.symbol}, not the tracked BONK`),
      ),
      searchCase('search prefix (2 chars)', 'po', tokens, fullPage),
      searchCase('search substring (3 chars)', 'epe', tokens, fullPage),
      searchCase('search substring (4 chars)', 'wifh', tokens, fullPage),
      searchCase('search fuzzy typo', 'pepr', tokens, (rows) =>
        assert(rows.length > 0 && /pep/i.test(rows[0]!.symbol + rows[0]!.name), `first is ${rows[0]?.symbol}`),
      ),
      searchCase('search address prefix', target.address.slice(0, 8), tokens, (rows) =>
        assert(rows[0]?.address === target.address, `first is ${rows[0]?.address}`),
      ),
      searchCase('search no match', 'xq0lzv', tokens, (rows) => assert(rows.length === 0, `${rows.length} results`)),
      lookupCase('tokensByAddress', tokens, unknown),
      lookupCase('_entities', tokens, unknown),
    ];

    const rows: Row[] = [];
    for (const bench of cases) {
      for (const phase of PHASES) {
        const row = await measure(bench, started.url, phase);
        console.log(
          `${row.name} "${row.query}" c=${row.concurrency}: ${row.requests} req, p50 ${row.p50.toFixed(1)} ms, ` +
            `p95 ${row.p95.toFixed(1)} ms, ${row.rps.toFixed(0)} req/s${row.failures ? `, ${row.failures} WRONG` : ''}`,
        );
        wrong += row.failures;
        rows.push(row);
      }
    }

    const plans = await explainCases(database.url, cases);
    const cpus = os.cpus();
    printReport(
      rows,
      plans,
      `Tokens subgraph at ${count} tokens`,
      `Machine: ${cpus[0]?.model} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
        `Node ${process.version}, Postgres ${pgVersion}; seeding ${seedSeconds.toFixed(1)} s`,
    );
  } finally {
    if (child?.connected) {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    }
    await client.end().catch(() => undefined);
    await database.drop();
  }
  if (wrong > 0) {
    console.error(`\n${wrong} wrong answers`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === SERVE_FLAG) await serveTokens(process.argv[3]!);
else await runBench();
