import type { LeasePort } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';
import type { Source } from '../market/market-model.js';
import type { TokenSetPort } from '../tracking/token-set.js';
import { discoverTokens } from './discover-tokens.js';
import type { MarketEvents } from './market-events.js';
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
 * - Order: tokens queried recently (demand) first, then discovered (trending/new/boosted), then the
 *   rest of the tracked set.
 * - Each tick takes at most what the source's budget allows in that tick (rate × tick / 60 s × addresses
 *   per request), so a tick never queues more than the limiter would let through.
 * - Across instances, a token is refreshed by whoever wins its lease `poll:<source>:<token>`; the lease
 *   is not released but expires after the token's minimum refresh interval, so it also spaces refreshes
 *   and upstream calls do not grow with the number of instances.
 * - Discovery runs on one instance per interval (a lease on `discovery`).
 */
export class PollScheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly options: PollSchedulerOptions,
    private readonly deps: RefreshDeps & { tokens: TokenSetPort; leases: LeasePort; events: MarketEvents },
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

  /** The refresh order: demand, then discovered, then tracked; each token once. */
  async candidates(): Promise<{ hot: string[]; cold: string[] }> {
    const now = (this.deps.now ?? Date.now)();
    const [demand, discovered, tracked] = await Promise.all([
      this.deps.tokens.inDemand(now - this.options.demandWindowMs),
      this.deps.tokens.discovered(),
      this.deps.tokens.tracked(),
    ]);
    const known = new Set([...discovered, ...tracked]);
    const hot = demand.filter((key) => known.has(key));
    const hotSet = new Set(hot);
    return { hot, cold: [...new Set([...discovered, ...tracked])].filter((key) => !hotSet.has(key)) };
  }

  /** One round of one source: lease what is due within the budget, then refresh it. */
  async pollSource(cadence: SourceCadence): Promise<number> {
    const budget = Math.max(1, Math.floor((cadence.ratePerMinute * cadence.intervalMs) / 60_000)) * cadence.chunkSize;
    const { hot, cold } = await this.candidates();
    const { leases, log } = this.deps;
    const lease = (keys: string[], ttlMs: number) =>
      keys.length === 0
        ? Promise.resolve([])
        : leases.acquireMany(
            keys.map((k) => `poll:${cadence.source}:${k}`),
            this.options.instanceId,
            ttlMs,
          );
    const wonHot = await lease(hot.slice(0, budget), this.options.hotIntervalMs);
    const wonCold = await lease(cold.slice(0, Math.max(0, budget - wonHot.length)), this.options.coldIntervalMs);
    const due = [...wonHot, ...wonCold].map((leaseKey) => leaseKey.slice(`poll:${cadence.source}:`.length));
    if (due.length === 0) return 0;
    const refreshed = await refreshFromSource(cadence.source, due, this.deps);
    log.debug({ source: cadence.source, due: due.length, refreshed }, 'poll round');
    return refreshed;
  }

  /** One discovery round, on whichever instance holds the discovery lease. */
  async discover(): Promise<number> {
    const won = await this.deps.leases.tryAcquire(
      'discovery',
      this.options.instanceId,
      this.options.discoveryIntervalMs,
    );
    if (!won) return 0;
    return discoverTokens(this.options.discoveryChains, { ...this.deps, stream: this.deps.stream });
  }

  /** Stops the loops and waits for rounds in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }
}
