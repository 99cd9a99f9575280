/**
 * `npm start` (after `npm run build`): the whole stack on one machine, from the compiled workspaces.
 * - DATABASE_URL unset: an embedded real Postgres (EMBEDDED_POSTGRES_PORT, default 54329; data in
 *   EMBEDDED_POSTGRES_DIR, default .data/postgres), migrations applied.
 * - REDIS_URL unset: everything runs in this one process with the in-memory cache and pub/sub ports.
 * - REDIS_URL set: each service runs as its own process (`node dist/main.js`), as it would when scaled out.
 * ADMIN_API_KEY unset: one is generated for this run and printed. SUBGRAPH_SECRET unset: one is generated
 * for this run, so the subgraphs answer only the gateway even locally.
 * Demo mode (DEMO=1, or DEMO unset and no upstream answers within 1.5 s; DEMO=0 never): the upstreams
 * are a local replay of the recorded fixtures with a random walk, every value says `demo: true`, the
 * fixture tokens are tracked at start, and embedded Postgres defaults to its own data dir
 * (.data/postgres-demo) so synthetic history never mixes with real history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createLogger, startTracing } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from '@memegraph/gateway';
import {
  DEXSCREENER_DEFAULT_BASE_URL,
  GECKOTERMINAL_DEFAULT_BASE_URL,
  JUPITER_DEFAULT_BASE_URL,
  loadMarketDataConfig,
  startMarketData,
} from '@memegraph/market-data';
import { createTokensPorts, loadTokensConfig, startTokens } from '@memegraph/tokens';
import { loadDemoTokens, startDemoUpstream, trackDemoTokens, type DemoUpstream } from './demo-upstream.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const env: NodeJS.ProcessEnv = { ...process.env };
const stops: Array<() => Promise<unknown>> = [];
let shuttingDown = false;

/** Why this run is a demo, or undefined when it uses the real upstreams. */
async function getDemoReason(): Promise<string | undefined> {
  if (env.DEMO === '1') return 'DEMO=1';
  if (env.DEMO === '0') return undefined;
  if (env.DEMO) throw new Error(`DEMO must be 1, 0 or unset, got ${env.DEMO}`);
  const upstreams = [
    env.DEXSCREENER_BASE_URL ?? DEXSCREENER_DEFAULT_BASE_URL,
    env.GECKOTERMINAL_BASE_URL ?? GECKOTERMINAL_DEFAULT_BASE_URL,
    env.JUPITER_BASE_URL ?? JUPITER_DEFAULT_BASE_URL,
  ];
  // Any HTTP answer (even 404) means the host is reachable; only network errors and timeouts count.
  const failures = await Promise.all(
    upstreams.map((url) =>
      fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(1500) }).then(
        () => undefined,
        (error: Error) => `${new URL(url).host}: ${error.cause instanceof Error ? error.cause.message : error.message}`,
      ),
    ),
  );
  return failures.every(Boolean) ? `upstreams unreachable (${failures.join('; ')})` : undefined;
}

/**
 * Waits until the gateway's /ready answers 200 (it can serve) and its body says every dependency (both
 * subgraphs, Redis) answered its last check, so "memegraph is up" is true when printed. Not so at the
 * deadline: says what is missing, and carries on (a service may be slow).
 */
async function waitUntilReady(readyUrl: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let last = 'no answer';
  while (Date.now() < until && !shuttingDown) {
    const answer = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => ({ ok: response.ok, text: await response.text() }),
      (error: Error) => ({ ok: false, text: error.message }),
    );
    const dependencies = answer.ok
      ? ((JSON.parse(answer.text) as { dependencies?: Array<{ up: boolean }> }).dependencies ?? [])
      : [];
    if (answer.ok && dependencies.every((dependency) => dependency.up)) return;
    last = answer.text;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!shuttingDown) console.error(`the gateway is not ready after ${deadlineMs / 1000} s (${readyUrl}): ${last}`);
}

const demoReason = await getDemoReason();
let demo: DemoUpstream | undefined;
if (demoReason) {
  demo = await startDemoUpstream();
  Object.assign(env, demo.env);
  env.EMBEDDED_POSTGRES_DIR ||= `${root}.data/postgres-demo`;
  console.log(
    `DEMO MODE: ${demoReason}; market data is replayed from recorded fixtures with a random walk — not real prices` +
      ` (replay at ${demo.url}; every source says demo: true)`,
  );
}

let embedded: EmbeddedDatabase | undefined;
if (!env.DATABASE_URL) {
  const port = Number(env.EMBEDDED_POSTGRES_PORT ?? 54329);
  const dataDir = env.EMBEDDED_POSTGRES_DIR ?? `${root}.data/postgres`;
  console.log(`DATABASE_URL is unset: starting embedded Postgres on 127.0.0.1:${port} (data in ${dataDir})`);
  embedded = await startEmbeddedPostgres(dataDir, port);
  env.DATABASE_URL = embedded.url;
}
if (!env.ADMIN_API_KEY) {
  env.ADMIN_API_KEY = randomBytes(18).toString('base64url');
  console.log(`ADMIN_API_KEY is unset: generated one for this run: ${env.ADMIN_API_KEY}`);
}
env.SUBGRAPH_SECRET ||= randomBytes(24).toString('base64url');

let gatewayUrl: string;
if (!env.REDIS_URL) {
  console.log('REDIS_URL is unset: running gateway and subgraphs in this process with in-memory cache and pub/sub');
  const sharedLog = createLogger('local', env.LOG_LEVEL ?? 'info');
  const tokensConfig = loadTokensConfig(env);
  // One process, one tracer provider: its spans are all service "memegraph" (OTEL_EXPORTER_OTLP_ENDPOINT).
  const tracing = startTracing('memegraph', tokensConfig.OTEL_EXPORTER_OTLP_ENDPOINT, sharedLog);
  // One process: the services share one in-memory pub/sub and durable stream, as they would share Redis, and
  // keep their data in memory (no data connection). The launcher created them, so it closes them, last.
  const ports = { ...createTokensPorts(tokensConfig, sharedLog), redis: undefined };
  const tokens = await startTokens(tokensConfig, createLogger('tokens', tokensConfig.LOG_LEVEL), ports);
  const marketDataConfig = loadMarketDataConfig({ ...env, TOKENS_URL: tokens.url });
  const marketData = await startMarketData(
    marketDataConfig,
    createLogger('market-data', marketDataConfig.LOG_LEVEL),
    ports,
  );
  const gatewayConfig = loadGatewayConfig({ ...env, TOKENS_URL: tokens.url, MARKET_DATA_URL: marketData.url });
  const gateway = await startGateway(gatewayConfig, createLogger('gateway', gatewayConfig.LOG_LEVEL), ports);
  stops.push(gateway.close, marketData.close, tokens.close, ports.close, tracing.shutdown);
  gatewayUrl = gateway.url;
} else {
  const children: ChildProcess[] = ['subgraphs/tokens', 'subgraphs/market-data', 'gateway'].map((dir) =>
    spawn(process.execPath, ['dist/main.js'], { cwd: `${root}${dir}`, env, stdio: 'inherit' }),
  );
  for (const child of children) {
    child.once('exit', (code) => {
      if (!shuttingDown) {
        console.error(`a service exited (code ${code}); stopping the stack`);
        void shutdown(1);
      }
    });
  }
  stops.push(
    ...children.map(
      (child) => () =>
        new Promise((resolve) =>
          child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM')),
        ),
    ),
  );
  gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT ?? 4000}/graphql`;
  await waitUntilReady(gatewayUrl.replace('/graphql', '/ready'), 60_000);
}
if (embedded) stops.push(embedded.stop);
if (demo) {
  stops.push(demo.close);
  const tokens = loadDemoTokens();
  await trackDemoTokens(gatewayUrl, env.ADMIN_API_KEY, tokens).then(
    () => console.log(`DEMO MODE: tracking the fixture tokens ${tokens.map((t) => t.symbol).join(', ')}`),
    (error: Error) => console.error(`DEMO MODE: could not track the fixture tokens: ${error.message}`),
  );
}

console.log(`
  memegraph is up
  GraphQL + GraphiQL : ${gatewayUrl}   (open it in a browser)
  live token board   : ${gatewayUrl.replace('/graphql', '/board')}
  health / readiness : ${gatewayUrl.replace('/graphql', '/health')} , ${gatewayUrl.replace('/graphql', '/ready')}
  admin mutations    : send "Authorization: Bearer ${env.ADMIN_API_KEY}"${
    demo ? '\n  DEMO MODE          : replayed fixtures with a random walk, not real prices (sources { demo })' : ''
  }
`);

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const stop of stops) await stop().catch((error) => console.error(error));
  process.exit(code);
}
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
