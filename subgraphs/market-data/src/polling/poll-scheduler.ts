import type { Streams } from '@memegraph/contracts';
import type { DurableStreamPort, LeasePort } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';
import type { Source } from '../model/market-model.js';
import type { TokenSetPort } from '../tracking/token-set.js';
import type { UpstreamClients } from '../upstreams/create-upstream-clients.js';
import { discoverTokens } from './discover-tokens.js';
import type { MarketEvents } from '../events/market-event.publisher.js';
import { refreshFromSource, type RefreshDeps } from './refresh-source.js';

/** How often and how much each source is polled. */
export interface SourceCadence {
  source: Source;
  /** Tick of this source's loop. */
  intervalMs: number;
  /** Requests per minute this source may spend (all instances together). */
  ratePerMinute: number;
  /** Addresses per request. */
  chunkSize: number;
}

/** Settings of the scheduler. */
export interface PollSchedulerOptions {
  instanceId: string;
  cadences: SourceCadence[];
  /** Minimum time between two refreshes of a token in demand, and of any other token. */
  hotIntervalMs: number;
  coldIntervalMs: number;
  demandWindowMs: number;
  discoveryIntervalMs: number;
  discoveryChains: Chain[];
}

/**
 * One scheduler per instance refreshes the token set in batches, source by source.
 *
 * - Order: tokens queried recently (demand) first, then tokens tracked within the last cold interval
 *   (so a token is live seconds after trackToken), then discovered (trending/new/boosted) and the rest of
 *   the tracked set.
 * - Each tick takes at most what the source's budget allows in that tick (rate × tick / 60 s × addresses
 *   per request), so a tick never queues more than the limiter would let through.
 * - Across instances, a token is refreshed by whoever wins its lease `poll:<source>:<token>`; the lease
 *   is not released but expires after the token's minimum refresh interval, so it also spaces refreshes
 *   and upstream calls do not grow with the number of instances.
 * - Discovery runs on one instance per interval (a lease on `discovery`).
 * - `stop` gives back every lease this instance still holds, so the surviving instances take its tokens
 *   and discovery over at once instead of after the leases expire (a token may then be refreshed once
 *   sooner than its interval; the shared rate limits still bound the upstream calls).
 */
export class PollScheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  private stopped = false;
  private readonly cursors = new Map<string, number>();
  /**
   * Leases this instance won, or may have won, and when they expire, so `stop` can give them back. A claim
   * whose reply was lost (command timeout) may still have been applied by Redis: its keys are kept as held,
   * since giving back a lease is checked against the owner and harmless when another instance holds it.
   */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly options: PollSchedulerOptions,
    private readonly deps: RefreshDeps & {
      clients: UpstreamClients;
      tokens: TokenSetPort;
      leases: LeasePort;
      events: MarketEvents;
      stream: DurableStreamPort<Streams>;
    },
  ) {}

  /** Starts every loop. */
  start(): void {
    for (const cadence of this.options.cadences) this.every(cadence.intervalMs, () => this.pollSource(cadence));
    this.every(this.options.discoveryIntervalMs, () => this.discover(), true);
  }

  private every(intervalMs: number, work: () => Promise<unknown>, immediately = false): void {
    let busy = false;
    const run = () => {
      if (busy || this.stopped) return; // a slow round is not stacked on itself
      busy = true;
      const job = work()
        .catch((error: Error) => this.deps.log.error({ err: error }, 'poll round failed'))
        .finally(() => {
          busy = false;
          this.running.delete(job);
        });
      this.running.add(job);
    };
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.timers.push(timer);
    if (immediately) run();
  }

  /**
   * The refresh order: demand, then tokens tracked within the last cold interval (tracked means live: their
   * first refresh comes in the next round, not at their turn in the rotation), then discovered and tracked;
   * each token once.
   */
  async candidates(): Promise<{ hot: string[]; fresh: string[]; cold: string[] }> {
    const now = (this.deps.now ?? Date.now)();
    const [demand, recent, discovered, tracked] = await Promise.all([
      this.deps.tokens.inDemand(now - this.options.demandWindowMs),
      this.deps.tokens.recentlyTracked(now - this.options.coldIntervalMs),
      this.deps.tokens.discovered(),
      this.deps.tokens.tracked(),
    ]);
    const known = new Set([...discovered, ...tracked]);
    const hot = demand.filter((key) => known.has(key));
    const taken = new Set(hot);
    const fresh = recent.filter((key) => known.has(key) && !taken.has(key));
    for (const key of fresh) taken.add(key);
    return { hot, fresh, cold: [...known].filter((key) => !taken.has(key)) };
  }

  /**
   * Leases up to `want` tokens of `keys` for this instance, starting where this source's previous round
   * stopped (a rotating cursor), and scanning on past tokens other instances hold. Without the rotation
   * every round would retry the head of the list, already leased, and starve the rest.
   */
  private async leaseRound(
    cursorKey: string,
    source: Source,
    keys: string[],
    want: number,
    ttlMs: number,
  ): Promise<string[]> {
    if (keys.length === 0 || want <= 0) return [];
    const start = (this.cursors.get(cursorKey) ?? 0) % keys.length;
    const won: string[] = [];
    let scanned = 0;
    while (won.length < want && scanned < keys.length && scanned < want * 8) {
      const take = Math.min(want - won.length, keys.length - scanned);
      const slice = Array.from({ length: take }, (_, i) => keys[(start + scanned + i) % keys.length]!);
      const leaseKeys = slice.map((key) => `poll:${source}:${key}`);
      const leased = await this.claim(leaseKeys, ttlMs, () =>
        this.deps.leases.acquireMany(leaseKeys, this.options.instanceId, ttlMs),
      );
      won.push(...leased.map((leaseKey) => leaseKey.slice(`poll:${source}:`.length)));
      scanned += take;
    }
    this.cursors.set(cursorKey, start + scanned);
    return won;
  }

  /** One round of one source: lease what is due within the budget, refresh it, give back what failed. */
  async pollSource(cadence: SourceCadence): Promise<number> {
    const budget = Math.max(1, Math.floor((cadence.ratePerMinute * cadence.intervalMs) / 60_000)) * cadence.chunkSize;
    const { hot, fresh, cold } = await this.candidates();
    const source = cadence.source;
    const { hotIntervalMs, coldIntervalMs } = this.options;
    const wonHot = await this.leaseRound(`${source}:hot`, source, hot, budget, hotIntervalMs);
    // Newly tracked tokens are leased for the cold interval: refreshed first, but once, not at hot speed.
    const wonFresh = await this.leaseRound(`${source}:fresh`, source, fresh, budget - wonHot.length, coldIntervalMs);
    const left = budget - wonHot.length - wonFresh.length;
    const wonCold = await this.leaseRound(`${source}:cold`, source, cold, left, coldIntervalMs);
    const due = [...wonHot, ...wonFresh, ...wonCold];
    if (due.length === 0) return 0;
    const { merged, failed } = await refreshFromSource(source, due, this.deps);
    // A fetch refused for lack of budget (or failing) must not keep its tokens leased for the whole interval.
    await Promise.all(failed.map((key) => this.release(`poll:${source}:${key}`)));
    this.deps.log.debug({ source, due: due.length, merged, failed: failed.length }, 'poll round');
    return merged;
  }

  /** One discovery round, on whichever instance holds the discovery lease. */
  async discover(): Promise<number> {
    const ttlMs = this.options.discoveryIntervalMs;
    const won = await this.claim(['discovery'], ttlMs, async () =>
      (await this.deps.leases.tryAcquire('discovery', this.options.instanceId, ttlMs)) ? ['discovery'] : [],
    );
    if (won.length === 0) return 0;
    return discoverTokens(this.options.discoveryChains, this.deps);
  }

  /** Runs one lease claim and holds what it won; when the claim fails, holds every key it may have won. */
  private async claim(
    leaseKeys: readonly string[],
    ttlMs: number,
    attempt: () => Promise<string[]>,
  ): Promise<string[]> {
    try {
      const won = await attempt();
      this.hold(won, ttlMs);
      return won;
    } catch (error) {
      this.hold(leaseKeys, ttlMs);
      throw error;
    }
  }

  private hold(leaseKeys: readonly string[], ttlMs: number): void {
    const now = Date.now();
    for (const [key, expiresAt] of this.held) if (expiresAt <= now) this.held.delete(key);
    for (const key of leaseKeys) this.held.set(key, now + ttlMs);
  }

  private async release(leaseKey: string): Promise<void> {
    this.held.delete(leaseKey);
    await this.deps.leases.release(leaseKey, this.options.instanceId);
  }

  /** Leases this instance holds now (lease keys). */
  heldLeases(): string[] {
    const now = Date.now();
    return [...this.held].filter(([, expiresAt]) => expiresAt > now).map(([key]) => key);
  }

  /** Stops the loops, waits for rounds in flight, then gives back every lease still held. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
    const held = this.heldLeases();
    this.held.clear();
    // A Redis command may time out on a busy machine (REDIS_COMMAND_TIMEOUT_MS): try each release three times
    // before leaving the lease to expire, so the other instances take over at once.
    const releaseOne = async (key: string): Promise<void> => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.deps.leases.release(key, this.options.instanceId);
          return;
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    };
    const released = await Promise.allSettled(held.map(releaseOne));
    const lost = released.filter((result) => result.status === 'rejected').length;
    if (lost > 0)
      this.deps.log.warn({ lost, held: held.length }, 'some leases were not released; they expire on their own');
    else if (held.length > 0) this.deps.log.info({ released: held.length }, 'released polling leases');
  }
}
