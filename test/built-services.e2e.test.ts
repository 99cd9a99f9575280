/**
 * The build is what runs in production: after `npm run build` (jest's globalSetup runs it), the compiled
 * gateway, tokens and market-data start with plain `node dist/main.js` in NODE_ENV=production — no tsx,
 * no TypeScript — on a real database, a private Redis and the fake upstream, answer a federated query
 * (tokens' TypeORM entities, whose decorator metadata the compiler emits, and market-data's merge), and
 * the gateway serves the GraphiQL bundle the build made.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { postGraphql } from './harness/graphql-http.js';
import { startProductionStack, type ProductionStack } from './harness/production-stack.js';
import type { ServiceProcess } from './harness/service-process.js';
import { waitFor } from './harness/wait-for.js';

/** A fixture token the fake upstream answers for (../shared/fixtures/upstream/README.md). */
const FWOG = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';

let stack: ProductionStack;

beforeAll(async () => {
  stack = await startProductionStack({
    name: 'built_services',
    mode: 'built',
    gatewayEnv: { GRAPHIQL_ENABLED: 'true' },
  });
}, 90_000);

afterAll(async () => {
  await stack?.close();
});

/** The argv and environment a service process runs with, as the kernel reports them. */
function describeProcess(service: ServiceProcess): { argv: string[]; environ: string[] } {
  const read = (file: string) => readFileSync(`/proc/${service.child.pid}/${file}`, 'utf8').split('\0').filter(Boolean);
  return { argv: read('cmdline'), environ: read('environ') };
}

describe('the compiled services (node dist/main.js, NODE_ENV=production)', () => {
  it('run the emitted JavaScript with plain node: no tsx loader, no TypeScript entry point', () => {
    for (const service of [stack.gateway, stack.tokens, stack.marketData]) {
      const { argv, environ } = describeProcess(service);
      expect(argv).toEqual([process.execPath, 'dist/main.js']);
      expect(environ).toContain('NODE_ENV=production');
      expect(environ.filter((entry) => entry.startsWith('NODE_OPTIONS='))).toEqual([]);
    }
  });

  it('answer a federated query through the gateway: a token from tokens (Postgres) with market data', async () => {
    expect((await stack.track(FWOG, 'FWOGX')).body).toEqual({ data: { trackToken: { symbol: 'FWOGX' } } });
    const query = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol market { priceUsd } } }`;
    let token: { symbol: string; market: { priceUsd: number } | null } | undefined;
    await waitFor(
      async () => {
        const result = await postGraphql(stack.graphqlUrl, query, { a: FWOG });
        token = result.body.data?.token as typeof token;
        return typeof token?.market?.priceUsd === 'number';
      },
      20_000,
      'market data for the tracked token',
      100,
    );
    expect(token).toEqual({ symbol: 'FWOGX', market: { priceUsd: expect.any(Number) } });
  });

  it('serve GraphiQL from the bundle the build made', async () => {
    const page = await fetch(stack.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    const script = html.match(/src="(\/graphql\/graphiql\.js\?v=\w+)"/)?.[1];
    expect(script).toBeDefined();
    const bundle = await fetch(new URL(script!, stack.graphqlUrl));
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
