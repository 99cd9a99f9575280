/**
 * `npm start` on embedded defaults: no DATABASE_URL (embedded Postgres from the npm package) and no
 * REDIS_URL (one process, in-memory ports). Runs the real launcher as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';

const ADMIN_KEY = 'start-local-admin-key-0123456789';
let child: ChildProcess;
let output = '';
let dataDir: string;
let gatewayUrl: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'memegraph-start-'));
  chmodSync(dataDir, 0o755); // the embedded server runs as user postgres and must reach its data dir
  const [gateway, tokens, marketData, postgres] = await Promise.all([
    getFreePort(),
    getFreePort(),
    getFreePort(),
    getFreePort(),
  ]);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(gateway),
    TOKENS_PORT: String(tokens),
    MARKET_DATA_PORT: String(marketData),
    EMBEDDED_POSTGRES_PORT: String(postgres),
    EMBEDDED_POSTGRES_DIR: join(dataDir, 'pg'),
    ADMIN_API_KEY: ADMIN_KEY,
    // Tests never talk to the real upstreams: the demo replay serves them on loopback.
    DEMO: '1',
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/start-local.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(() => output.includes('memegraph is up') || child.exitCode !== null, 60_000, 'the stack to start');
  if (!output.includes('memegraph is up')) throw new Error(`launcher failed:\n${output}`);
  gatewayUrl = `http://127.0.0.1:${gateway}/graphql`;
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start with embedded defaults', () => {
  it('prints the URLs it serves', () => {
    expect(output).toContain(`GraphQL + GraphiQL : ${gatewayUrl}`);
    expect(output).toContain('starting embedded Postgres');
    expect(output).toContain('in-memory cache and pub/sub');
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
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(gatewayUrl)).rejects.toThrow();
  }, 30_000);
});
