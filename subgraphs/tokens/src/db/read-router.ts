import { Header } from '@memegraph/contracts';
import type { EntityManager } from 'typeorm';
import type { Logger } from '@memegraph/infra';
import { getPool } from './data-source.js';
import type { DatabaseServer } from './database-server.js';
import {
  busyError,
  isPoolAcquireTimeout,
  isReadOnlyError,
  isUnreachableError,
  primaryUnavailableError,
  toClientError,
} from './db-errors.js';
import { PrimaryLocator } from './primary-locator.js';
import { getReplicaLagMs, toLsn, type WalSample } from './wal-position.js';

export type { DatabaseServer } from './database-server.js';

/**
 * Consistency token of read-your-writes across requests: a response that wrote carries the primary's
 * WAL position; a request that sends it back only reads from replicas that have replayed that far.
 * The gateway passes it between the subgraph fetches of one operation and to and from clients.
 */
export const READ_AFTER_HEADER = Header.READ_AFTER;

/** Per-request routing state: after a write, reads must see WAL up to `minLsn`. */
export interface ReadSession {
  minLsn: bigint | null;
}

interface ReplicaState {
  server: DatabaseServer;
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
  /** `standby` is a DATABASE_URL host that is not the primary now (a failover target). */
  role: 'primary' | 'standby' | 'replica';
  usable: boolean;
  lagMs: number | null;
  lastError: string | null;
  pool: { total: number; idle: number; waiting: number };
}

/**
 * Sends reads to a healthy, caught-up replica and writes to the primary.
 *
 * - Health: every `checkIntervalMs` each server is probed on its own connection with its own timeout (a hung
 *   server costs one timeout, never a frozen check): the DATABASE_URL hosts for which one is the primary
 *   (PrimaryLocator), then each replica's replay position; a replica that is unreachable, hung, promoted or
 *   more than `maxLagMs` behind is skipped.
 * - Failure between checks: a read that fails on a replica because it is unreachable, hung or its pool is
 *   stuck is retried on the primary at once (a hung one is marked down), so the client sees no error.
 * - Failover: a write that finds the primary read-only (promoted standby took over, 25006) or unreachable
 *   drops it and looks again; while no primary is known, writes fail at once with PRIMARY_UNAVAILABLE
 *   (retryable) and reads keep going to replicas, whatever their lag (nothing fresher exists).
 * - Read-your-writes: after a write, `write` records the primary's WAL position in the request's
 *   session; later reads of that request only use replicas known to have replayed that far.
 * - Backpressure: a pool with `maxWaiting` requests already queued refuses at once (SERVICE_BUSY),
 *   and waiting is bounded by the pool's acquire timeout.
 */
export class ReadRouter {
  private readonly locator: PrimaryLocator;
  private readonly replicas: ReplicaState[];
  private readonly samples: WalSample[] = [];
  private next = 0;
  /** The primary the WAL samples come from. */
  private sampled: DatabaseServer | null = null;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly now: () => number;

  constructor(
    primaries: DatabaseServer[],
    replicas: DatabaseServer[],
    private readonly options: ReadRouterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.locator = new PrimaryLocator(primaries, options.log);
    this.replicas = replicas.map((server) => ({
      server,
      reachable: false,
      replayedLsn: 0n,
      lagMs: Infinity,
      lastError: 'not checked yet',
    }));
  }

  /** The server writes go to now; null while no DATABASE_URL host answers as a primary. */
  get primary(): DatabaseServer | null {
    return this.locator.primary;
  }

  /** Runs a first health check, then keeps checking in the background. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** Stops background checks. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Checks every server once (concurrent callers share one check): at most two probe timeouts. */
  check(): Promise<void> {
    this.checking ??= this.runCheck().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    const located = await this.locator.locate();
    if (located) {
      // Positions of a former primary may be ahead of the promoted one's: they would read as endless lag.
      if (located.server !== this.sampled) this.samples.length = 0;
      this.sampled = located.server;
      const at = this.now();
      this.samples.push({ lsn: located.lsn, at });
      const horizon = at - Math.max(this.options.maxLagMs * 4, 60_000);
      while (this.samples.length > 2 && this.samples[0]!.at < horizon) this.samples.shift();
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica)));
  }

  private async checkReplica(replica: ReplicaState): Promise<void> {
    const wasUsable = this.isUsable(replica, null);
    try {
      const { recovery, lsn } = await replica.server.probe.probe();
      if (!recovery || lsn === null) throw new Error('server is not a streaming replica (promoted?)');
      replica.reachable = true;
      replica.replayedLsn = lsn;
      replica.lagMs = getReplicaLagMs(replica.replayedLsn, this.samples, this.now());
      replica.lastError = replica.lagMs > this.options.maxLagMs ? `lagging ${replica.lagMs} ms` : null;
    } catch (error) {
      replica.reachable = false;
      replica.lastError = (error as Error).message;
    }
    const usable = this.isUsable(replica, null);
    if (usable !== wasUsable) {
      this.options.log.info(
        { replica: replica.server.name, usable, lagMs: replica.lagMs, reason: replica.lastError },
        usable ? 'replica back in rotation' : 'replica taken out of rotation',
      );
    }
  }

  private isUsable(replica: ReplicaState, minLsn: bigint | null): boolean {
    // Without a primary, lag cannot grow past what the cluster has, and a replica is the only source left.
    return (
      replica.reachable &&
      (replica.lagMs <= this.options.maxLagMs || !this.locator.primary) &&
      (minLsn === null || replica.replayedLsn >= minLsn) &&
      replica.server.ready()
    );
  }

  /**
   * The server a read of this session should use now: a usable replica with room in its pool (round-robin),
   * else the primary. A replica whose pool is full and queueing (statements waiting on a hung server, before
   * the health check notices) is passed over rather than refusing the read. With no primary either, a replica
   * that has answered before is tried even though its last check failed (one slow check on a busy host must
   * not fail every read): it is the only source left.
   */
  pickForRead(session: ReadSession): DatabaseServer {
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (this.isUsable(replica, session.minLsn) && !this.isSaturated(replica.server)) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica.server;
      }
    }
    if (this.locator.primary) return this.locator.primary;
    const lastResort = this.replicas.find(
      (r) => r.replayedLsn > 0n && (session.minLsn === null || r.replayedLsn >= session.minLsn) && r.server.ready(),
    );
    return lastResort?.server ?? this.requirePrimary();
  }

  /** Runs a read, falling back to the primary when the chosen replica is unreachable, hung or stuck. */
  async read<T>(session: ReadSession, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const server = this.pickForRead(session);
    const replica = this.replicas.find((r) => r.server === server);
    try {
      return await this.run(server, work);
    } catch (error) {
      if (!replica) throw this.onPrimaryError(server, error);
      const unreachable = isUnreachableError(error);
      // No pooled connection in time: on a replica, most likely statements waiting on a hung server. A
      // statement timeout or too many connections is load, not a fault: running it again on the primary
      // would double a slow query and carry a replica's overload to the primary.
      if (!unreachable && !isPoolAcquireTimeout(error)) throw toClientError(error);
      if (unreachable) Object.assign(replica, { reachable: false, lastError: (error as Error).message });
      this.options.log.warn(
        { replica: server.name, err: (error as Error).message },
        'replica read failed; retrying on the primary',
      );
      const primary = this.requirePrimary();
      try {
        return await this.run(primary, work);
      } catch (primaryError) {
        throw this.onPrimaryError(primary, primaryError);
      }
    }
  }

  /**
   * Runs a write on the primary and, for a request's session, records its WAL position for
   * read-your-writes. Background writers (ingestion, pruning) pass null: nobody reads after them.
   * A write refused as read-only ran nothing, so it is retried once on the primary found instead.
   */
  async write<T>(session: ReadSession | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const primary = this.requirePrimary();
    try {
      return await this.writeOn(primary, session, work);
    } catch (error) {
      if (!isReadOnlyError(error)) throw this.onPrimaryError(primary, error);
      this.locator.lost(primary, 'refused a write as read-only (demoted?)', true);
      const found = (await this.locator.locate())?.server;
      if (!found || found === primary) throw primaryUnavailableError(this.retryAfterSeconds());
      try {
        return await this.writeOn(found, session, work);
      } catch (retryError) {
        throw this.onPrimaryError(found, retryError);
      }
    }
  }

  private async writeOn<T>(
    primary: DatabaseServer,
    session: ReadSession | null,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const result = await this.run(primary, (manager) => manager.transaction(work));
    if (session) {
      const [row] = await primary.dataSource.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
      session.minLsn = toLsn(row.lsn);
    }
    return result;
  }

  /** The client error for a failure on the primary; a server that is gone or read-only is dropped as primary. */
  private onPrimaryError(primary: DatabaseServer, error: unknown): unknown {
    if (isUnreachableError(error) || isReadOnlyError(error)) {
      this.locator.lost(primary, (error as Error).message, isReadOnlyError(error));
      return primaryUnavailableError(this.retryAfterSeconds());
    }
    return toClientError(error);
  }

  private requirePrimary(): DatabaseServer {
    const primary = this.locator.primary;
    if (!primary) throw primaryUnavailableError(this.retryAfterSeconds());
    return primary;
  }

  /** The next health check may find a primary: the retry hint. */
  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(this.options.checkIntervalMs / 1000));
  }

  private run<T>(server: DatabaseServer, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isSaturated(server)) throw busyError('too many queued queries');
    return work(server.dataSource.manager);
  }

  /** Every connection busy and `maxWaiting` requests already queued for one. */
  private isSaturated({ dataSource }: DatabaseServer): boolean {
    const pool = getPool(dataSource);
    const full = pool.idleCount === 0 && pool.totalCount >= (pool.options.max ?? 10);
    return full && pool.waitingCount >= this.options.maxWaiting;
  }

  /** Whether a primary is known and answers now (GET /ready): reads may fall back to it, writes need it. */
  async isPrimaryReachable(): Promise<boolean> {
    const primary = this.locator.primary;
    if (!primary) return false;
    try {
      return !(await primary.probe.probe()).recovery;
    } catch {
      return false;
    }
  }

  /** Health of every server, for /ready and logs. */
  status(): ServerStatus[] {
    const poolOf = ({ dataSource }: DatabaseServer) => {
      if (!dataSource.isInitialized) return { total: 0, idle: 0, waiting: 0 };
      const pool = getPool(dataSource);
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    };
    return [
      ...this.locator.status().map(({ server, current, lastError }) => ({
        name: server.name,
        role: current ? ('primary' as const) : ('standby' as const),
        usable: current,
        lagMs: current ? 0 : null,
        lastError,
        pool: poolOf(server),
      })),
      ...this.replicas.map((r) => ({
        name: r.server.name,
        role: 'replica' as const,
        usable: this.isUsable(r, null),
        lagMs: Number.isFinite(r.lagMs) ? r.lagMs : null,
        lastError: r.lastError,
        pool: poolOf(r.server),
      })),
    ];
  }
}
