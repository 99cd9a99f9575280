/**
 * Soak run: `npm run soak` (not in CI). Does memory stay flat under hours of mixed load?
 *
 * Starts the stack as an operator runs it — gateway, tokens and market-data, each its own process from its
 * real entry point, production mode, a subgraph secret — on the local Postgres (a fresh database) and Redis
 * (its own key prefix), with the fake upstream in synthetic mode standing in for the third-party APIs (every
 * token's price walks, so market-data's polling publishes real price.updated events). Tracks SOAK_TOKENS
 * tokens through the gateway, opens SOAK_SUBSCRIBERS graphql-ws subscribers (priceUpdated, one token each),
 * and sends the query mix (token, tokens(first: 50), tokensByAddress, searchTokens) at SOAK_QPS for
 * SOAK_MINUTES (default 30). Every minute it samples RSS and the V8 heap's floor (lowest used heap of the
 * minute, read every 5 s: after collections) of each service; at the end it fits a
 * line through the samples after SOAK_WARMUP_MINUTES and fails (exit 1) when any service grows more than
 * SOAK_MAX_GROWTH_PCT_PER_HOUR (10) of its mean per hour, or when any request or subscription errors.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { startFakeUpstream } from '@memegraph/local';
import { getFreePort } from '../harness/free-port.js';
import { postGraphql } from '../harness/graphql-http.js';
import { ensureLocalPostgres } from '../harness/local-postgres.js';
import { getSample } from '../harness/prometheus-text.js';
import { ensureRedis } from '../harness/redis.js';
import { spawnService, type ServiceProcess } from '../harness/service-process.js';
import { createTestDatabase } from '../harness/test-database.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const WARMUP_MINUTES = Number(process.env.SOAK_WARMUP_MINUTES ?? Math.min(5, Math.floor(MINUTES / 3)));
const SUBSCRIBERS = Number(process.env.SOAK_SUBSCRIBERS ?? 2_000);
const QPS = Number(process.env.SOAK_QPS ?? 20);
const TOKENS = Number(process.env.SOAK_TOKENS ?? 200);
const MAX_GROWTH = Number(process.env.SOAK_MAX_GROWTH_PCT_PER_HOUR ?? 10);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 60_000);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_KEY = randomBytes(18).toString('base64url');
const SECRET = randomBytes(24).toString('base64url');
const PREFIX = `soak:${randomBytes(4).toString('hex')}:`;

// Base58 has no 0: digits are written with z for 0.
const addressOf = (i: number) => `Soak${String(i).padStart(5, '0').replaceAll('0', 'z')}Examp1eMint${'x'.repeat(23)}`;
const addresses = Array.from({ length: TOKENS }, (_, i) => addressOf(i));

interface Sample {
  minute: number;
  rss: Record<string, number>;
  heap: Record<string, number>;
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  await Promise.all([ensureLocalPostgres(DATABASE_URL), ensureRedis(REDIS_URL)]);
  const db = await createTestDatabase(DATABASE_URL, 'soak');
  const fake = await startFakeUpstream({ synthetic: true });
  const [gatewayPort, tokensPort, marketPort] = await Promise.all([getFreePort(), getFreePort(), getFreePort()]);
  const common = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SUBGRAPH_SECRET: SECRET,
    REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    TOKENS_PORT: String(tokensPort),
    MARKET_DATA_PORT: String(marketPort),
  };
  const services: Record<string, ServiceProcess> = {};
  const stopAll = async () => {
    for (const service of Object.values(services)) await service.stop().catch(() => undefined);
    await fake.close();
    await db.drop();
  };
  try {
    services['market-data'] = await spawnService('subgraphs/market-data', marketPort, {
      ...common,
      MARKET_DATA_HOST: '127.0.0.1',
      DEXSCREENER_BASE_URL: `${fake.url}/dexscreener`,
      GECKOTERMINAL_BASE_URL: `${fake.url}/geckoterminal`,
      JUPITER_BASE_URL: `${fake.url}/jupiter`,
    });
    services.tokens = await spawnService('subgraphs/tokens', tokensPort, {
      ...common,
      TOKENS_HOST: '127.0.0.1',
      DATABASE_URL: db.url,
      ADMIN_API_KEY: ADMIN_KEY,
    });
    services.gateway = await spawnService('gateway', gatewayPort, {
      ...common,
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_HOST: '127.0.0.1',
      // One load generator on one address: the per-client and per-IP limits would refuse it by design.
      RATE_LIMIT_PER_MINUTE: '0',
      WS_MAX_CONNECTIONS_PER_IP: String(SUBSCRIBERS + 100),
      WS_UPGRADES_PER_MINUTE_PER_IP: String(SUBSCRIBERS * 2),
    });
    const url = `${services.gateway.baseUrl}/graphql`;
    const admin = { authorization: `Bearer ${ADMIN_KEY}` };
    for (let i = 0; i < TOKENS; i++) {
      const tracked = await postGraphql(
        url,
        `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: $s, symbol: $s }) { symbol } }`,
        { a: addresses[i], s: `SOAK${i}` },
        admin,
      );
      if (tracked.body.errors) throw new Error(`trackToken: ${JSON.stringify(tracked.body.errors)}`);
    }
    console.log(`soak: ${TOKENS} tokens tracked; opening ${SUBSCRIBERS} subscribers`);

    let events = 0;
    let subscriptionErrors = 0;
    const clients: Client[] = [];
    for (let i = 0; i < SUBSCRIBERS; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, SUBSCRIBERS - i) }, async (_, j) => {
          const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
          clients.push(client);
          client.subscribe(
            {
              query: `subscription($a: [String!]) { priceUpdated(chain: SOLANA, addresses: $a) { token { symbol } priceUsd at } }`,
              variables: { a: [addresses[(i + j) % TOKENS]] },
            },
            {
              next: (result) => (result.errors ? (subscriptionErrors += 1) : (events += 1)),
              error: () => (subscriptionErrors += 1),
              complete: () => undefined,
            },
          );
        }),
      );
    }

    const operations = [
      () => ({
        query: `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`,
        variables: { a: addresses[Math.floor(Math.random() * TOKENS)] },
      }),
      () => ({
        query: `{ tokens(first: 50, sort: { field: VOLUME }) { edges { node { symbol market { priceUsd liquidityUsd } } } } }`,
        variables: {},
      }),
      () => ({
        query: `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { symbol market { priceUsd } } }`,
        variables: { a: Array.from({ length: 20 }, () => addresses[Math.floor(Math.random() * TOKENS)]) },
      }),
      () => ({
        query: `query($q: String!) { searchTokens(query: $q, first: 10) { symbol } }`,
        variables: { q: `SOAK${Math.floor(Math.random() * TOKENS)}` },
      }),
    ];
    let requests = 0;
    let requestErrors = 0;
    const errorSamples: string[] = [];
    const load = setInterval(() => {
      const op = operations[requests % operations.length]!();
      requests += 1;
      void postGraphql(url, op.query, op.variables).then(
        (result) => {
          if (result.status !== 200 || result.body.errors) {
            requestErrors += 1;
            if (errorSamples.length < 5) errorSamples.push(JSON.stringify(result.body).slice(0, 300));
          }
        },
        (error: Error) => {
          requestErrors += 1;
          if (errorSamples.length < 5) errorSamples.push(error.message);
        },
      );
    }, 1000 / QPS);

    const samples: Sample[] = [];
    const started = Date.now();
    console.log(
      `soak: ${MINUTES} min at ${QPS} queries/s, sampling every ${SAMPLE_MS / 1000} s (warm-up ${WARMUP_MINUTES} min)`,
    );
    console.log(
      'minute | ' +
        Object.keys(services)
          .map((name) => `${name} rss/heap-floor MB`)
          .join(' | ') +
        ' | requests errors events',
    );
    while (Date.now() - started < MINUTES * 60_000) {
      // The heap is a sawtooth (garbage piles up between collections): a leak shows in its floor, so each
      // sample keeps the lowest heap of SAMPLE_MS read every 5 s, and the RSS at its end.
      const floor: Record<string, number> = {};
      const windowEnd = Date.now() + SAMPLE_MS;
      while (Date.now() < windowEnd) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, windowEnd - Date.now())));
        for (const [name, service] of Object.entries(services)) {
          const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
          const heap = getSample(metrics, 'nodejs_heap_size_used_bytes') ?? NaN;
          floor[name] = Math.min(floor[name] ?? Infinity, heap);
        }
      }
      const sample: Sample = { minute: (Date.now() - started) / 60_000, rss: {}, heap: {} };
      for (const [name, service] of Object.entries(services)) {
        sample.rss[name] = rssOf(service.child.pid!);
        sample.heap[name] = floor[name]!;
      }
      samples.push(sample);
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
      console.log(
        `${sample.minute.toFixed(1).padStart(6)} | ` +
          Object.keys(services)
            .map((name) => `${mb(sample.rss[name]!)}/${mb(sample.heap[name]!)}`.padEnd(name.length + 14))
            .join(' | ') +
          ` | ${requests} ${requestErrors} ${events} (subscription errors ${subscriptionErrors})`,
      );
    }
    clearInterval(load);
    await Promise.all(clients.map((client) => client.dispose()));

    const after = samples.filter((s) => s.minute >= WARMUP_MINUTES);
    const failures: string[] = [];
    console.log(`\nsoak result (${after.length} samples after warm-up; limit ${MAX_GROWTH} % of the mean per hour)`);
    for (const name of Object.keys(services)) {
      for (const kind of ['rss', 'heap'] as const) {
        const points = after.map((s): [number, number] => [s.minute, s[kind][name]!]);
        const mean = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
        const pctPerHour = points.length >= 3 ? (slope(points) * 60 * 100) / mean : NaN;
        const verdict = Number.isNaN(pctPerHour) ? 'too few samples' : pctPerHour > MAX_GROWTH ? 'GROWS' : 'flat';
        console.log(
          `  ${name.padEnd(12)} ${kind.padEnd(5)} mean ${(mean / 2 ** 20).toFixed(1)} MB, ${pctPerHour.toFixed(2)} %/h: ${verdict}`,
        );
        if (verdict !== 'flat') failures.push(`${name} ${kind}: ${verdict} (${pctPerHour.toFixed(2)} %/h)`);
      }
    }
    console.log(
      `  requests ${requests}, errors ${requestErrors}; subscription events ${events}, errors ${subscriptionErrors}`,
    );
    if (requestErrors > 0) failures.push(`${requestErrors} request errors, e.g. ${errorSamples.join(' / ')}`);
    if (subscriptionErrors > 0) failures.push(`${subscriptionErrors} subscription errors`);
    if (events === 0) failures.push('no subscription event delivered');
    if (failures.length > 0) {
      console.error(`soak FAILED:\n  ${failures.join('\n  ')}`);
      process.exitCode = 1;
    } else console.log('soak passed');
  } finally {
    await stopAll();
  }
}

await main();
