/**
 * `npm start` on embedded defaults: no DATABASE_URL (embedded Postgres from the npm package) and no
 * REDIS_URL (one process, in-memory ports). Runs the real launcher as a child process.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLauncher, type RunningLauncher } from './harness/launcher.js';
import { postGraphql } from './harness/graphql-http.js';

const ADMIN_KEY = 'start-local-admin-key-0123456789';
let launcher: RunningLauncher;
let gatewayUrl: string;

beforeAll(async () => {
  launcher = await startLauncher('start', {
    ADMIN_API_KEY: ADMIN_KEY,
    // Tests never talk to the real upstreams: the demo replay serves them on loopback.
    DEMO: '1',
  });
  gatewayUrl = launcher.gatewayUrl;
}, 90_000);

afterAll(() => launcher?.cleanup());

describe('npm start with embedded defaults', () => {
  it('prints the URLs it serves', () => {
    expect(launcher.output()).toContain(`GraphQL + GraphiQL : ${gatewayUrl}`);
    expect(launcher.output()).toContain('starting embedded Postgres');
    expect(launcher.output()).toContain('in-memory cache and pub/sub');
  });

  it('serves the live token board it prints, with the bundle npm run build made', async () => {
    const boardUrl = gatewayUrl.replace(/\/graphql$/, '/board');
    expect(launcher.output()).toContain(`live token board   : ${boardUrl}`);
    const page = await fetch(boardUrl);
    const html = await page.text();
    expect([page.status, html.includes('<title>memegraph live board</title>')]).toEqual([200, true]);
    const script = await fetch(new URL(/src="([^"]+)"/.exec(html)![1]!, boardUrl));
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(await script.text()).toContain('tokenListUpdated');
  });

  it('serves GraphiQL and answers a query for a tracked token', async () => {
    const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('GraphiQL');
    const address = 'FWoGExamp1ezSChn1fPsuN8UtpoHP22hMd88DTLCpump';
    const tracked = await postGraphql(
      gatewayUrl,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Fwog Example", symbol: "FWOGX" }) { tracked } }`,
      { a: address },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    expect(tracked.body).toEqual({ data: { trackToken: { tracked: true } } });
    const read = await postGraphql(
      gatewayUrl,
      `query($a: String!) { token(chain: SOLANA, address: $a) { name symbol } }`,
      { a: address },
    );
    expect(read.body).toEqual({ data: { token: { name: 'Fwog Example', symbol: 'FWOGX' } } });
  });

  it('shuts down cleanly on SIGTERM, embedded Postgres included', async () => {
    expect(await launcher.terminate()).toBe(0);
    await expect(fetch(gatewayUrl)).rejects.toThrow();
  }, 30_000);
});
