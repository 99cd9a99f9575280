/**
 * Throwaway real Postgres servers for tests: a primary with pg_stat_statements and pg_trgm, and streaming
 * hot-standby replicas of it. Each server lives in its own directory under os.tmpdir() and listens on a free
 * port of 127.0.0.1. Postgres refuses to run as root, so when we are root every Postgres tool runs as the OS
 * user `postgres`.
 *
 * This module imports no sibling file on purpose: jest loads globalSetup through a CommonJS require hook that
 * ignores `moduleNameMapper`, so `./x.js` specifiers would not resolve there.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type * as WaitFor from './wait-for.js';

/** A running (or stopped) throwaway Postgres server. */
export interface PgServer {
  /** `postgres://postgres@127.0.0.1:PORT/test` */
  url: string;
  port: number;
  dataDir: string;
  /** `pg_ctl stop -m fast`; does nothing when the server is not running. */
  stop(): Promise<void>;
  /** `pg_ctl start -w`; does nothing when the server is already running. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
  /**
   * SIGSTOP to the postmaster and every backend: sockets stay open, connects complete in the kernel, nothing
   * answers (a hung host, a VM pause). Thaws itself in {@link destroy}.
   */
  freeze(): void;
  /** SIGCONT after {@link freeze}. */
  thaw(): void;
  /** `pg_ctl promote -w`: a standby becomes a writable primary. */
  promote(): Promise<void>;
}

const DATABASE = 'test';
const ROOT_PREFIX = 'memegraph-pg-';
const START_TIMEOUT_SECONDS = 60;
const execFileAsync = promisify(execFile);

const INITDB_OPTIONS = ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'];

const HBA = [
  'local all all trust',
  'local replication all trust',
  'host all all 127.0.0.1/32 trust',
  'host replication all 127.0.0.1/32 trust',
  '',
].join('\n');

/** Settings for speed, not durability: a crash of a test server loses nothing anyone needs. */
const SERVER_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'all',
  wal_level: 'replica',
  max_wal_senders: '10',
  wal_keep_size: '256MB', // a stopped replica can catch up after a restart without a replication slot
  hot_standby: 'on',
  hot_standby_feedback: 'on',
  max_connections: '200',
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/** Initializes and starts a fresh primary with database `test` and extensions pg_stat_statements, pg_trgm. */
export async function startPrimary(opts: { name?: string } = {}): Promise<PgServer> {
  const dataDir = await createDataDir(opts.name ?? 'primary');
  try {
    await runPgTool('initdb', ['-D', dataDir, ...INITDB_OPTIONS]);
    await writeOwnedFile(path.join(dataDir, 'pg_hba.conf'), HBA);
    await appendSettings(dataDir, { ...SERVER_SETTINGS, unix_socket_directories: dataDir });
    const server = attachPgServer({ port: await startOnFreePort(dataDir), dataDir });
    await withClient(server.url.replace(/\/test$/, '/postgres'), (c) => c.query(`CREATE DATABASE ${DATABASE}`));
    await withClient(server.url, (c) => c.query('CREATE EXTENSION pg_stat_statements; CREATE EXTENSION pg_trgm'));
    return server;
  } catch (error) {
    await attachPgServer({ port: 0, dataDir }).destroy();
    throw error;
  }
}

/**
 * Clones `primary` with pg_basebackup and starts it as a streaming hot standby on a free port, or on `port`
 * (say, where a destroyed former primary listened, to demote it in place).
 */
export async function startReplica(primary: PgServer, opts: { port?: number } = {}): Promise<PgServer> {
  const dataDir = await createDataDir('replica');
  try {
    const source = ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'];
    await runPgTool('pg_basebackup', ['-R', '-X', 'stream', '-c', 'fast', '--no-sync', ...source, '-D', dataDir]);
    // The copied postgresql.conf carries the primary's port and socket directory; later lines win.
    await appendSettings(dataDir, { unix_socket_directories: dataDir, hot_standby: 'on' });
    // The copy also carries the source's socket lock files (its sockets live in its data directory): on that
    // port they would refuse this server's start.
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith('.s.PGSQL.'))) {
      await rm(path.join(dataDir, file), { force: true });
    }
    const port = opts.port ?? (await startOnFreePort(dataDir));
    if (opts.port !== undefined) {
      await appendSettings(dataDir, { port: String(port) });
      await pgCtlStart(dataDir).catch(async (error: Error) => {
        throw new Error(`${error.message}\n--- ${logFileOf(dataDir)} ---\n${await readLogTail(dataDir)}`);
      });
    }
    const server = attachPgServer({ port, dataDir });
    await waitFor(`replica on port ${server.port} in recovery`, 30_000, () =>
      withClient(server.url, async (c) => (await c.query('SELECT pg_is_in_recovery() AS r')).rows[0].r === true),
    );
    return server;
  } catch (error) {
    await attachPgServer({ port: 0, dataDir }).destroy();
    throw error;
  }
}

/** A handle on an existing cluster directory (for example one started by jest's globalSetup). */
export function attachPgServer({ port, dataDir }: { port: number; dataDir: string }): PgServer {
  const stop = async (): Promise<void> => {
    if (await isRunning(dataDir)) await runPgTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-s']);
  };
  let frozen: number[] = [];
  const thaw = (): void => {
    // Backends first, so none runs before the postmaster that supervises it is back.
    for (const pid of frozen.reverse()) signalIfAlive(pid, 'SIGCONT');
    frozen = [];
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
    port,
    dataDir,
    stop,
    start: async () => {
      if (!(await isRunning(dataDir))) await pgCtlStart(dataDir);
    },
    freeze: () => {
      const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      // The postmaster first: stopped, it forks no backend we would miss.
      signalIfAlive(postmaster, 'SIGSTOP');
      frozen.push(postmaster);
      for (const pid of childrenOf(postmaster)) if (signalIfAlive(pid, 'SIGSTOP')) frozen.push(pid);
    },
    thaw,
    promote: async () => void (await runPgTool('pg_ctl', ['promote', '-D', dataDir, '-w', '-s'])),
    destroy: async () => {
      thaw();
      await stop().catch(() => undefined); // a half-initialized directory has nothing to stop
      await rm(rootOf(dataDir), { recursive: true, force: true });
    },
  };
}

/** The pids whose parent is `parent` (from /proc). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // Field 4 of /proc/PID/stat, after the command name in parentheses (which may contain spaces).
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent;
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

function signalIfAlive(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` with a connected client and always closes it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000, statement_timeout: 30_000 });
  client.on('error', () => undefined); // a server stopped under an idle client must not crash the process
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Resolves once `replica` has replayed everything committed on `primary` before the call. */
export async function waitForReplicaCatchUp(primary: PgServer, replica: PgServer, timeoutMs = 10_000): Promise<void> {
  await waitForReplicaLsn(replica, 'pg_last_wal_replay_lsn()', await flushWal(primary), timeoutMs);
}

/** Resolves once `replica` has received (not necessarily replayed) everything committed on `primary`. */
export async function waitForWalReceived(primary: PgServer, replica: PgServer, timeoutMs = 10_000): Promise<void> {
  await waitForReplicaLsn(replica, 'pg_last_wal_receive_lsn()', await flushWal(primary), timeoutMs);
}

/** Pauses WAL replay on `replica` and resolves once replay has actually stopped. */
export async function pauseReplay(replica: PgServer): Promise<void> {
  await withClient(replica.url, (c) => c.query('SELECT pg_wal_replay_pause()'));
  await waitFor('replay paused', 10_000, () =>
    withClient(replica.url, async (c) => {
      const { rows } = await c.query("SELECT pg_get_wal_replay_pause_state() = 'paused' AS paused");
      return rows[0].paused === true;
    }),
  );
}

export async function resumeReplay(replica: PgServer): Promise<void> {
  await withClient(replica.url, (c) => c.query('SELECT pg_wal_replay_resume()'));
}

/**
 * Resets pg_stat_statements. With `likePattern`, only statements whose text matches are reset, which leaves
 * the counts of test files running in parallel on the same server alone.
 */
export async function resetStatementStats(server: PgServer, likePattern?: string): Promise<void> {
  await withClient(server.url, (c) =>
    likePattern === undefined
      ? c.query('SELECT pg_stat_statements_reset()')
      : c.query('SELECT count(pg_stat_statements_reset(0, 0, queryid)) FROM pg_stat_statements WHERE query ILIKE $1', [
          likePattern,
        ]),
  );
}

/** Sum of `calls` of the statements run in database `test` whose normalized text matches `likePattern`. */
export async function countStatements(server: PgServer, likePattern: string): Promise<number> {
  return withClient(server.url, async (c) => {
    const { rows } = await c.query(
      `SELECT coalesce(sum(s.calls), 0)::bigint AS calls
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND s.query ILIKE $2`,
      [DATABASE, likePattern],
    );
    return Number(rows[0].calls);
  });
}

/** `PG_BIN`, or the bin directory of the highest Postgres version under /usr/lib/postgresql. */
export function getPgBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    : [];
  const highest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (highest === undefined) throw new Error(`no Postgres binaries under ${base}/*/bin; set PG_BIN`);
  return path.join(base, highest, 'bin');
}

/**
 * Returns a WAL position a replica must reach to see every transaction committed on `primary` so far.
 * The servers run with synchronous_commit off, so recent commits may still sit in WAL buffers, and a
 * walsender only ships flushed WAL. A synchronous commit flushes everything before it, but only if its
 * transaction wrote WAL (an xid alone does not), hence the transactional logical message: it writes a
 * record without touching any table.
 */
async function flushWal(primary: PgServer): Promise<string> {
  return withClient(primary.url, async (c) => {
    await c.query(
      "BEGIN; SET LOCAL synchronous_commit = on; SELECT pg_logical_emit_message(true, 'test-harness', 'flush'); COMMIT",
    );
    return (await c.query('SELECT pg_current_wal_flush_lsn()::text AS lsn')).rows[0].lsn as string;
  });
}

async function waitForReplicaLsn(
  replica: PgServer,
  position: string,
  target: string,
  timeoutMs: number,
): Promise<void> {
  await withClient(replica.url, async (c) => {
    const query = `SELECT ${position}::text AS at, ${position} >= $1::pg_lsn AS done`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await c.query(query, [target]);
      if (rows[0].done === true) return;
      if (Date.now() > deadline) {
        throw new Error(`replica ${replica.port}: ${position} is ${rows[0].at}, not ${target}, after ${timeoutMs} ms`);
      }
      await delay(10);
    }
  });
}

/**
 * The harness's one waitFor, retrying while `check` throws (a server still starting refuses connections).
 * Loaded by a computed `.ts` specifier: globalSetup loads this file where jest's moduleNameMapper does not
 * turn `./wait-for.js` into the source (see global-setup.ts).
 */
async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const module = 'wait-for';
  const { waitFor: poll } = (await import(`./${module}.ts`)) as typeof WaitFor;
  await poll(check, timeoutMs, what, 25, true);
}

/** Starts the server on a free port, picking another one if a concurrent process took it first. */
async function startOnFreePort(dataDir: string): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const port = await getFreePort();
    await appendSettings(dataDir, { port: String(port) });
    try {
      await pgCtlStart(dataDir);
      return port;
    } catch (error) {
      const log = await readLogTail(dataDir);
      if (attempt < 3 && /could not bind|already in use/i.test(log)) continue;
      throw new Error(`${(error as Error).message}\n--- ${logFileOf(dataDir)} ---\n${log}`);
    }
  }
}

async function pgCtlStart(dataDir: string): Promise<void> {
  const timeout = String(START_TIMEOUT_SECONDS);
  await runPgTool('pg_ctl', ['start', '-D', dataDir, '-l', logFileOf(dataDir), '-w', '-t', timeout, '-s']);
}

async function isRunning(dataDir: string): Promise<boolean> {
  if (!existsSync(path.join(dataDir, 'postmaster.pid'))) return false;
  return runPgTool('pg_ctl', ['status', '-D', dataDir]).then(
    () => true,
    () => false,
  );
}

/** Runs a Postgres binary, as OS user `postgres` when we are root. */
async function runPgTool(tool: string, args: string[]): Promise<string> {
  const file = path.join(getPgBinDir(), tool);
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await execFileAsync(command, argv, { cwd: os.tmpdir(), timeout: 120_000 });
    return stdout;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${stderr?.trim() || message}`);
  }
}

/**
 * Layout: `<tmpdir>/memegraph-pg-<name>-XXXXXX/{data/, server.log}`, owned by the user Postgres runs as.
 * The log sits outside the data directory so pg_basebackup does not copy it into a replica.
 */
async function createDataDir(name: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), `${ROOT_PREFIX}${name}-`));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  await chmod(root, 0o700);
  await chownToPostgres(root);
  await chownToPostgres(dataDir);
  return dataDir;
}

function rootOf(dataDir: string): string {
  const parent = path.dirname(dataDir);
  return path.basename(parent).startsWith(ROOT_PREFIX) ? parent : dataDir;
}

function logFileOf(dataDir: string): string {
  return path.join(path.dirname(dataDir), 'server.log');
}

async function readLogTail(dataDir: string): Promise<string> {
  return (await readFile(logFileOf(dataDir), 'utf8').catch(() => '')).slice(-4_000);
}

async function appendSettings(dataDir: string, settings: Record<string, string>): Promise<void> {
  const lines = Object.entries(settings).map(([key, value]) => `${key} = '${value.replaceAll("'", "''")}'`);
  await appendFile(path.join(dataDir, 'postgresql.conf'), `\n# test harness\n${lines.join('\n')}\n`);
}

async function writeOwnedFile(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  await chownToPostgres(file);
}

let postgresIds: Promise<{ uid: number; gid: number }> | undefined;

async function chownToPostgres(file: string): Promise<void> {
  if (!isRoot()) return;
  postgresIds ??= Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]).then(
    ([uid, gid]) => ({ uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }),
  );
  const { uid, gid } = await postgresIds;
  await chown(file, uid, gid);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
