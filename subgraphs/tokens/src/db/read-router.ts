import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '@memegraph/infra';
import { getPool } from './data-source.js';
import { busyError, isUnreachableError, toClientError } from './db-errors.js';
import { getReplicaLagMs, toLsn, type WalSample } from './wal-position.js';

/**
 * Consistency token of read-your-writes across requests: a response that wrote carries the primary's
 * WAL position; a request that sends it back only reads from replicas that have replayed that far.
 * The gateway passes it between the subgraph fetches of one operation and to and from clients.
 */
export const READ_AFTER_HEADER = 'x-read-after';

/** Per-request routing state: after a write, reads must see WAL up to `minLsn`. */
export interface ReadSession {
  minLsn: bigint | null;
}

/** A named Postgres server and its DataSource. */
export interface DatabaseServer {
  name: string;
  dataSource: DataSource;
}

interface ReplicaState extends DatabaseServer {
  reachable: boolean;
  replayedLsn: bigint;
  lagMs: number;
  lastError: string | null;
}

/** Routing settings. */
export interface ReadRouterOptions {
  maxLagMs: number;
  checkIntervalMs: number;
  /** Requests allowed to queue for a connection per pool before refusing with SERVICE_BUSY. */
  maxWaiting: number;
  log: Logger;
  now?: () => number;
}

/** What /ready and logs show about one server. */
export interface ServerStatus {
  name: string;
  role: 'primary' | 'replica';
  usable: boolean;
  lagMs: number | null;
  lastError: string | null;
  pool: { total: number; idle: number; waiting: number };
}

/**
 * Sends reads to a healthy, caught-up replica and writes to the primary.
 *
 * - Health: every `checkIntervalMs` it samples the primary's WAL insert position and each replica's
 *   replay position; a replica that is unreachable, promoted, or more than `maxLagMs` behind is skipped.
 * - Failure between checks: a read that fails on a replica because it is unreachable is retried on the
 *   primary at once and the replica is marked down, so the client sees no error.
 * - Read-your-writes: after a write, `markWrite` records the primary's WAL position in the request's
 *   session; later reads of that request only use replicas known to have replayed that far.
 * - Backpressure: a pool with `maxWaiting` requests already queued refuses at once (SERVICE_BUSY),
 *   and waiting is bounded by the pool's acquire timeout.
 */
export class ReadRouter {
  private readonly replicas: ReplicaState[];
  private readonly samples: WalSample[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly primary: DatabaseServer,
    replicas: DatabaseServer[],
    private readonly options: ReadRouterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.replicas = replicas.map((r) => ({
      ...r,
      reachable: false,
      replayedLsn: 0n,
      lagMs: Infinity,
      lastError: 'not checked yet',
    }));
  }

  /** Runs a first health check, then keeps checking in the background (only when there are replicas). */
  async start(): Promise<void> {
    if (this.replicas.length === 0) return;
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** Stops background checks. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Samples primary and replica WAL positions once (concurrent callers share one check). */
  check(): Promise<void> {
    this.checking ??= this.runCheck().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    try {
      const [row] = await this.primary.dataSource.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
      const at = this.now();
      this.samples.push({ lsn: toLsn(row.lsn), at });
      const horizon = at - Math.max(this.options.maxLagMs * 4, 60_000);
      while (this.samples.length > 2 && this.samples[0]!.at < horizon) this.samples.shift();
    } catch (error) {
      this.options.log.warn({ err: (error as Error).message }, 'primary WAL position check failed');
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica)));
  }

  private async checkReplica(replica: ReplicaState): Promise<void> {
    const wasUsable = this.isUsable(replica, null);
    try {
      const [row] = await replica.dataSource.query(
        `SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn`,
      );
      if (!row.recovery || !row.lsn) throw new Error('server is not a streaming replica (promoted?)');
      replica.reachable = true;
      replica.replayedLsn = toLsn(row.lsn);
      replica.lagMs = getReplicaLagMs(replica.replayedLsn, this.samples, this.now());
      replica.lastError = replica.lagMs > this.options.maxLagMs ? `lagging ${replica.lagMs} ms` : null;
    } catch (error) {
      replica.reachable = false;
      replica.lastError = (error as Error).message;
    }
    const usable = this.isUsable(replica, null);
    if (usable !== wasUsable) {
      this.options.log.info(
        { replica: replica.name, usable, lagMs: replica.lagMs, reason: replica.lastError },
        usable ? 'replica back in rotation' : 'replica taken out of rotation',
      );
    }
  }

  private isUsable(replica: ReplicaState, minLsn: bigint | null): boolean {
    return (
      replica.reachable && replica.lagMs <= this.options.maxLagMs && (minLsn === null || replica.replayedLsn >= minLsn)
    );
  }

  /** The server a read of this session should use now: a usable replica (round-robin) or the primary. */
  pickForRead(session: ReadSession): DatabaseServer {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (this.isUsable(replica, session.minLsn)) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica;
      }
    }
    return this.primary;
  }

  /** Runs a read, falling back to the primary when the chosen replica turns out to be unreachable. */
  async read<T>(session: ReadSession, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const server = this.pickForRead(session);
    try {
      return await this.run(server, work);
    } catch (error) {
      if (server === this.primary || !isUnreachableError(error)) throw toClientError(error);
      const replica = server as ReplicaState;
      replica.reachable = false;
      replica.lastError = (error as Error).message;
      this.options.log.warn(
        { replica: replica.name, err: replica.lastError },
        'replica read failed; retrying on the primary',
      );
      try {
        return await this.run(this.primary, work);
      } catch (primaryError) {
        throw toClientError(primaryError);
      }
    }
  }

  /**
   * Runs a write on the primary and, for a request's session, records its WAL position for
   * read-your-writes. Background writers (ingestion, pruning) pass null: nobody reads after them.
   */
  async write<T>(session: ReadSession | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.run(this.primary, (manager) => manager.transaction(work));
      if (session) {
        const [row] = await this.primary.dataSource.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
        session.minLsn = toLsn(row.lsn);
      }
      return result;
    } catch (error) {
      throw toClientError(error);
    }
  }

  private run<T>(server: DatabaseServer, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const pool = getPool(server.dataSource);
    const saturated = pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10);
    if (saturated && pool.waitingCount >= this.options.maxWaiting) throw busyError('too many queued queries');
    return work(server.dataSource.manager);
  }

  /** Whether the primary answers now (GET /ready): reads may fall back to it, writes need it. */
  async isPrimaryReachable(): Promise<boolean> {
    try {
      await this.primary.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Health of every server, for /ready and logs. */
  status(): ServerStatus[] {
    const poolOf = (server: DatabaseServer) => {
      const pool = getPool(server.dataSource);
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    };
    return [
      { name: this.primary.name, role: 'primary', usable: true, lagMs: 0, lastError: null, pool: poolOf(this.primary) },
      ...this.replicas.map((r) => ({
        name: r.name,
        role: 'replica' as const,
        usable: this.isUsable(r, null),
        lagMs: Number.isFinite(r.lagMs) ? r.lagMs : null,
        lastError: r.lastError,
        pool: poolOf(r),
      })),
    ];
  }
}
