/**
 * The processes of the gateway benchmark: subgraphs, our gateway, Hive Gateway and the bare server, each
 * in its own process so its CPU and RSS are its own. Node services run as forks of the bench file in a
 * serve mode (see gateway-peers.bench.ts) and report their URL over IPC.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';
import { getFreePort } from '../../harness/free-port.js';
import { waitFor } from '../../harness/graphql-http.js';

/** A started server process. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Forks the bench file in `mode` with `arg` and waits for the URL it reports. The child runs with
 * NODE_ENV=production in its process environment, as the images do (graphql-js reads it there, not from the
 * service's config object, to skip its development-mode checks).
 */
export async function forkServer(benchFile: string, mode: string, arg: string): Promise<ServerProcess> {
  const child = fork(benchFile, [mode, arg], {
    stdio: 'inherit',
    execArgv: process.execArgv,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${mode} exited (${code}) before it was ready`))),
  ])) as [{ url: string }];
  return { url: message.url, pid: child.pid!, stop: () => stopChild(child) };
}

/**
 * The supergraph with the bench's subgraph URLs for Hive Gateway, which routes by the URLs in
 * join__Graph. The subscription-only `gateway` subgraph (served by our gateway itself over graphql-ws)
 * points at a closed port: no query in the mix is planned onto it.
 */
export function writeHiveSupergraph(supergraphPath: string, dir: string, urls: Record<string, string>): string {
  let sdl = readFileSync(supergraphPath, 'utf8');
  for (const [name, url] of Object.entries({ ...urls, gateway: 'http://127.0.0.1:9/subscriptions-only' })) {
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`), `$1"${url}"`);
  }
  const path = join(dir, 'supergraph.hive.graphql');
  writeFileSync(path, sdl);
  return path;
}

/** Waits until a GraphQL endpoint answers `{ __typename }`. */
async function waitForGraphql(url: string, child: ChildProcess, output: () => string): Promise<void> {
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}):\n${output()}`);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      }).catch(() => null);
      return response?.status === 200;
    },
    60_000,
    `${url} to answer`,
  );
}

/**
 * Starts `@graphql-hive/gateway` (its CLI, one process: --fork 1) on the given supergraph file. Its config
 * file (read from its working directory) sends the subgraph secret with every subgraph request, as ours does.
 * With `routerRuntime`, it plans and executes with Hive Router's Rust query planner
 * (`@graphql-hive/router-runtime`, `--hive-router-runtime`) instead of its default stitching runtime.
 */
export async function startHiveGateway(
  supergraphPath: string,
  subgraphSecret: string,
  routerRuntime = false,
): Promise<ServerProcess> {
  const dir = dirname(supergraphPath);
  writeFileSync(
    join(dir, 'gateway.config.mjs'),
    `export const gatewayConfig = {\n  propagateHeaders: {\n    fromClientToSubgraphs: () => ({ ${JSON.stringify(SUBGRAPH_SECRET_HEADER)}: process.env.SUBGRAPH_SECRET }),\n  },\n};\n`,
  );
  const require = createRequire(import.meta.url);
  const bin = join(require.resolve('@graphql-hive/gateway/package.json'), '..', 'dist', 'bin.js');
  const port = await getFreePort();
  const child = spawn(
    process.execPath,
    [
      ...[bin, 'supergraph', supergraphPath, '--port', String(port), '--host', '127.0.0.1', '--fork', '1'],
      ...(routerRuntime ? ['--hive-router-runtime'] : []),
    ],
    {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', SUBGRAPH_SECRET: subgraphSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitForGraphql(url, child, () => output);
  return { url, pid: child.pid!, stop: () => stopChild(child) };
}

/**
 * Serve mode of the bare server: answers each recorded request body with its recorded response bytes
 * (no GraphQL at all): the most this machine can serve of these payloads over Node's HTTP stack.
 */
export async function serveRecordedResponses(file: string): Promise<void> {
  const recorded = new Map(
    Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v),
    ]),
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = recorded.get(Buffer.concat(chunks).toString());
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body ?? '{"errors":[{"message":"not recorded"}]}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address === 'object' && address) process.send!({ url: `http://127.0.0.1:${address.port}/graphql` });
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
