import pg from 'pg';
import type { Logger } from '@memegraph/infra';
import { createTimeoutDroppingClient } from './pg-client.js';
import { toLsn } from './wal-position.js';

/** What one health check learned about a server. */
export interface ProbeResult {
  /** True on a standby (streaming replica), false on a writable primary. */
  recovery: boolean;
  /** Replay position on a standby, WAL insert position on a primary. */
  lsn: bigint | null;
}

/** Checks one server's role and WAL position, never taking longer than its timeout. */
export interface ServerProbe {
  probe(): Promise<ProbeResult>;
  close(): Promise<void>;
}

const PROBE_SQL = `SELECT pg_is_in_recovery() AS recovery,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS lsn`;

/**
 * A health check on its own one-connection pool, so a saturated request pool never delays it and a hung
 * server holds at most one connection for it. Connect and query are bounded by `timeoutMs`; a check still
 * waiting on a hung server is shared by the next callers rather than stacked behind it.
 */
export function createServerProbe(url: string, applicationName: string, timeoutMs: number, log: Logger): ServerProbe {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: `${applicationName} health`,
    keepAlive: true,
    Client: createTimeoutDroppingClient() as unknown as typeof pg.Client,
  });
  // An idle connection dropped by a stopped server must not crash the process; the next check reports it.
  pool.on('error', (error) => log.debug({ err: error.message }, 'idle health-check connection failed'));
  let inFlight: Promise<ProbeResult> | undefined;
  return {
    probe() {
      inFlight ??= pool
        .query<{ recovery: boolean; lsn: string | null }>(PROBE_SQL)
        .then(({ rows: [row] }) => ({ recovery: row!.recovery, lsn: row!.lsn ? toLsn(row!.lsn) : null }))
        .finally(() => (inFlight = undefined));
      return withTimeout(inFlight, timeoutMs, 'health check timed out');
    },
    close: () => pool.end(),
  };
}

/** `promise`, or a rejection after `ms` (the work itself goes on; its own timeouts end it). */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
