/**
 * A throwaway real Redis Cluster for tests: three masters (no replicas) started from the `redis-server`
 * binary on free ports of 127.0.0.1, joined with `redis-cli --cluster create`, data and logs in a temporary
 * directory. Nothing is persisted (`--save ""`, `--appendonly no`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getFreePort } from './free-port.js';
import { spawnProcess, type SpawnedProcess } from './process.js';

/** A started cluster; `close()` kills its servers and deletes its directory. */
export interface RedisClusterHarness {
  nodes: { host: string; port: number }[];
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MASTERS = 3;
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const execFileAsync = promisify(execFile);

/** Starts the servers, creates the cluster and resolves once every node reports `cluster_state:ok`. */
export async function startRedisCluster(): Promise<RedisClusterHarness> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'memegraph-redis-cluster-'));
  const servers: SpawnedProcess[] = [];
  // A jest worker that dies without running afterAll must not leave servers behind.
  const killOnExit = () => servers.forEach((server) => server.kill());
  process.once('exit', killOnExit);
  const close = async () => {
    process.off('exit', killOnExit);
    await Promise.all(servers.map(stopServer));
    await rm(root, { recursive: true, force: true });
  };
  try {
    const ports = await distinctFreePorts(MASTERS * 2); // client ports, then cluster bus ports
    const nodes = ports.slice(0, MASTERS).map((port) => ({ host: HOST, port }));
    for (const [index, node] of nodes.entries()) {
      servers.push(startServer(root, node.port, ports[MASTERS + index] as number));
    }
    await Promise.all(nodes.map((node) => waitUntil(() => answersPing(node.port), `redis-server :${node.port}`, root)));
    await execFileAsync('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((node) => `${HOST}:${node.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await Promise.all(
      nodes.map((node) => waitUntil(() => clusterIsOk(node.port), `cluster state on :${node.port}`, root)),
    );
    return { nodes, close };
  } catch (error) {
    await close();
    throw error;
  }
}

function startServer(root: string, port: number, busPort: number): SpawnedProcess {
  // redis-server creates no directories, so the node config and the log of every server live in `root`.
  return spawnProcess(
    'redis-server',
    [
      ...['--port', String(port), '--bind', HOST, '--cluster-port', String(busPort)],
      ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000'],
      ...[
        '--dir',
        root,
        '--logfile',
        path.join(root, `redis-${port}.log`),
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
    ],
    // A missing binary surfaces as the readiness timeout, with the log (spawnProcess listens for 'error').
  );
}

/** SIGTERM, then SIGKILL if the server has not exited in time. */
async function stopServer(server: SpawnedProcess): Promise<void> {
  if (server.exited() || server.child.pid === undefined) return;
  const timer = setTimeout(server.kill, STOP_TIMEOUT_MS);
  await server.stop('SIGTERM');
  clearTimeout(timer);
}

/** `count` different free ports (each was free a moment ago). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('redis-cli', ['-h', HOST, '-p', String(port), ...args]);
  return stdout;
}

async function answersPing(port: number): Promise<boolean> {
  return (await redisCli(port, 'PING').catch(() => '')).trim() === 'PONG';
}

async function clusterIsOk(port: number): Promise<boolean> {
  return (await redisCli(port, 'CLUSTER', 'INFO').catch(() => '')).includes('cluster_state:ok');
}

/** Polls `condition`; on timeout fails with the servers' log tails, which say why a server did not start. */
async function waitUntil(condition: () => Promise<boolean>, what: string, root: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`${what} not ready within ${READY_TIMEOUT_MS} ms\n${await logTails(root)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function logTails(root: string): Promise<string> {
  const logs = (await readdir(root).catch(() => [])).filter((name) => name.endsWith('.log'));
  const tails = await Promise.all(
    logs.map(
      async (name) => `${name}:\n${(await readFile(path.join(root, name), 'utf8')).split('\n').slice(-10).join('\n')}`,
    ),
  );
  return tails.join('\n');
}
