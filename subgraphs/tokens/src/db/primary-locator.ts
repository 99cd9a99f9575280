import type { Logger } from '@memegraph/infra';
import type { DatabaseServer } from './database-server.js';

/** What the locator knows about one DATABASE_URL host. */
interface CandidateState {
  server: DatabaseServer;
  /** true: answered as a primary; false: answered as a standby; null: did not answer. */
  writable: boolean | null;
  /** Checks in a row it did not answer. */
  misses: number;
  lastError: string | null;
}

/** The current primary and its WAL insert position at the moment it was checked. */
export interface LocatedPrimary {
  server: DatabaseServer;
  lsn: bigint;
}

/** Checks in a row the current primary may miss before another host takes the writes. */
export const PRIMARY_MAX_MISSES = 3;

/**
 * Finds the writable server among the DATABASE_URL hosts, as libpq's `target_session_attrs=read-write`
 * would, but again whenever it is asked, so a promoted standby takes the writes without a restart.
 *
 * - Each check probes every host in parallel (each probe bounded by its own timeout) and keeps the current
 *   primary unless it answered as a standby, refused a write as read-only, or missed
 *   {@link PRIMARY_MAX_MISSES} checks in a row (one slow probe or dropped connection is not a failover: the
 *   first writable host in list order may be an old primary come back); then the first host in list order
 *   that is not in recovery.
 * - Fencing is not its job: if an old primary comes back writable beside a promoted one, the current choice
 *   stands (no flapping), but a fresh process picks by list order. Stop or demote the old primary.
 */
export class PrimaryLocator {
  private readonly candidates: CandidateState[];
  private current: DatabaseServer | null = null;
  private locating: Promise<LocatedPrimary | null> | undefined;

  constructor(
    servers: DatabaseServer[],
    private readonly log: Logger,
  ) {
    this.candidates = servers.map((server) => ({ server, writable: null, misses: 0, lastError: 'not checked yet' }));
  }

  /** The primary writes go to; null while none is known (writes then fail fast). */
  get primary(): DatabaseServer | null {
    return this.current;
  }

  /** Probes every host and settles on the primary (concurrent callers share one check). */
  locate(): Promise<LocatedPrimary | null> {
    this.locating ??= this.runLocate().finally(() => (this.locating = undefined));
    return this.locating;
  }

  /**
   * A write on `server` failed: `readOnly` (it refused the write: demoted) forgets it as the primary at once;
   * otherwise (unreachable, timed out) it is checked again now and dropped only after missing
   * {@link PRIMARY_MAX_MISSES} checks in a row.
   */
  lost(server: DatabaseServer, reason: string, readOnly: boolean): void {
    if (this.current !== server) return;
    if (readOnly) {
      this.current = null;
      const state = this.candidates.find((c) => c.server === server);
      if (state) Object.assign(state, { writable: false, lastError: reason });
    }
    this.log.warn({ server: server.name, reason, readOnly }, 'a write on the primary failed; checking the hosts');
    void this.locate();
  }

  /** Each host's state, current primary first. */
  status(): Array<{ server: DatabaseServer; current: boolean; writable: boolean | null; lastError: string | null }> {
    return this.candidates.map((c) => ({ ...c, current: c.server === this.current }));
  }

  private async runLocate(): Promise<LocatedPrimary | null> {
    const lsns = new Map<DatabaseServer, bigint>();
    await Promise.all(
      this.candidates.map(async (candidate) => {
        try {
          const { recovery, lsn } = await candidate.server.probe.probe();
          candidate.writable = !recovery;
          candidate.misses = 0;
          candidate.lastError = recovery ? 'in recovery (standby)' : null;
          if (!recovery && lsn !== null) lsns.set(candidate.server, lsn);
        } catch (error) {
          candidate.writable = null;
          candidate.misses += 1;
          candidate.lastError = (error as Error).message;
        }
      }),
    );
    const currentState = this.candidates.find((c) => c.server === this.current);
    const keep =
      currentState &&
      (lsns.has(currentState.server) || (currentState.writable === null && currentState.misses < PRIMARY_MAX_MISSES))
        ? currentState.server
        : null;
    const chosen = keep ?? this.candidates.find((c) => lsns.has(c.server) && c.server.ready())?.server ?? null;
    if (chosen !== this.current) {
      const previous = this.current?.name ?? null;
      this.current = chosen;
      if (chosen) this.log.info({ primary: chosen.name, previous }, 'writes go to a new primary');
      else this.log.warn({ hosts: this.status().map((s) => [s.server.name, s.lastError]) }, 'no writable primary');
    }
    const lsn = chosen ? lsns.get(chosen) : undefined;
    return chosen && lsn !== undefined ? { server: chosen, lsn } : null;
  }
}
