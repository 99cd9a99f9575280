import { Stream, type Streams } from '@memegraph/contracts';
import type { DurableStreamPort, LeasePort, Logger } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';
import type { MarketStore } from '../store/market-store.js';
import { fromTokenKey, type TokenSetPort } from '../tracking/token-set.js';
import type { GeckoTerminalClient } from '../upstreams/geckoterminal.client.js';
import { UpstreamError } from '../upstreams/upstream-error.js';
import {
  NOT_STARTED,
  advanceStep,
  failStep,
  getCandidates,
  getNextPage,
  toBackfilledCandles,
  type BackfillStep,
  type StepProgress,
} from './backfill-plan.js';
import type { BackfillOutcome, BackfillProgressPort, TokenBackfill } from './backfill-progress.js';

/** What the backfill needs. */
export interface BackfillDeps {
  client: Pick<GeckoTerminalClient, 'getPoolOhlcv' | 'serves'>;
  store: Pick<MarketStore, 'getMany'>;
  tokens: Pick<TokenSetPort, 'tracked' | 'recentlyTracked'>;
  progress: BackfillProgressPort;
  stream: DurableStreamPort<Streams>;
  leases: LeasePort;
  instanceId: string;
  /** The series of every token, in order (getBackfillSteps). */
  steps: readonly BackfillStep[];
  /** BACKFILL_INTERVAL_MS: at most one upstream call per tick. */
  intervalMs: number;
  log: Logger;
  now?: () => number;
}

/** Counters of the backfill on this instance since it started (see backfill-metrics.ts). */
export interface BackfillStats {
  /** Pages fetched and handed over. */
  pages: number;
  /** Candles handed to the tokens subgraph (`history.candles`). */
  candles: number;
  /** Ticks whose call the budget refused (its share spent, or a shared cool-down after a 429). */
  deferred: number;
  /** Calls that failed otherwise (5xx, timeouts, malformed bodies: rejected, never stored). */
  failures: number;
  /** Malformed OHLCV rows dropped from pages that were otherwise stored (never stored themselves). */
  rowsRejected: number;
  /** Tokens whose backfill finished, by outcome. */
  finished: Record<BackfillOutcome, number>;
  /** Tracked tokens whose backfill had not finished at the last tick (this instance's view). */
  pending: number;
}

/** A running backfill. */
export interface Backfill {
  readonly stats: BackfillStats;
  /** One tick (the loop calls it; tests may too): at most one upstream call. */
  tick(): Promise<void>;
  /** Stops the loop, waits for the tick in flight, gives the lease back. */
  stop(): Promise<void>;
}

/** Only one instance backfills at a time (the budget is shared anyway; this keeps them off the same pages). */
const LEASE = 'backfill';
const DAY_MS = 86_400_000;

/**
 * Backfills the history of tracked tokens from their main pool's GeckoTerminal OHLCV, at the lowest
 * priority: one call per tick at most, on the backfill share of GeckoTerminal's budget only (a refused call
 * waits for a later tick). Breadth first: the next call is the earliest unfinished series among the
 * unfinished tokens (most recently tracked first), so every new token gets its hourly candles and 7-day
 * window before anyone's finer or older ones. Each page goes to the `history.candles` stream before the
 * progress is saved (in Redis): a restart resumes at the saved cursor, and a page handed over twice is
 * harmless (the tokens subgraph upserts it). A token on a chain GeckoTerminal does not serve finishes as
 * NO_POOL; a pool GeckoTerminal does not know (404) as UNKNOWN: its 7-day window stays null. A token whose
 * record has no pool yet waits (no call).
 */
export function startBackfill(deps: BackfillDeps): Backfill {
  const { client, store, tokens, progress, stream, leases, instanceId, steps, log } = deps;
  const now = deps.now ?? Date.now;
  const stats: BackfillStats = {
    pages: 0,
    candles: 0,
    deferred: 0,
    failures: 0,
    rowsRejected: 0,
    finished: { DONE: 0, NO_POOL: 0, UNKNOWN: 0 },
    pending: 0,
  };
  const leaseTtlMs = Math.max(5_000, deps.intervalMs * 5);
  /** Where the next tick's turn through the older unfinished tokens starts. */
  let rotation = 0;

  const finish = async (token: string, outcome: BackfillOutcome) => {
    await progress.finish(token, outcome);
    stats.finished[outcome] += 1;
    log.info({ token, outcome }, `backfill of ${token} finished: ${outcome}`);
  };

  /** The unfinished tracked tokens, most recently tracked first. */
  const unfinishedTokens = async (): Promise<string[]> => {
    const [tracked, recent] = await Promise.all([tokens.tracked(), tokens.recentlyTracked(now() - DAY_MS)]);
    const all = new Set(tracked);
    const ordered = [...new Set([...recent.reverse().filter((key) => all.has(key)), ...tracked])];
    return progress.unfinished(ordered);
  };

  /** The first unfinished series of a token, by the plan's order; null when every one is done. */
  const nextStep = (state: TokenBackfill | null): number | null => {
    const index = steps.findIndex((step) => !(state?.steps[step.resolution] ?? NOT_STARTED).done);
    return index < 0 ? null : index;
  };

  const tick = async (): Promise<void> => {
    const leader =
      (await leases.renew(LEASE, instanceId, leaseTtlMs)) || (await leases.tryAcquire(LEASE, instanceId, leaseTtlMs));
    if (!leader) return;
    const unfinished = await unfinishedTokens();
    stats.pending = unfinished.length;
    const { candidates, next } = getCandidates(unfinished, rotation);
    rotation = next;
    if (candidates.length === 0) return;
    const [records, states] = await Promise.all([
      store.getMany(candidates),
      Promise.all(candidates.map((token) => progress.get(token))),
    ]);
    let chosen: { token: string; pool: string; chain: Chain; state: TokenBackfill | null; index: number } | null = null;
    for (const [i, token] of candidates.entries()) {
      const record = records[i]?.record;
      if (!record) continue; // not polled yet: its pools are not known
      const { chain } = fromTokenKey(token) as { chain: Chain };
      if (!client.serves(chain)) {
        await finish(token, 'NO_POOL');
        continue;
      }
      // The record's pools are the token's own (it is their base), most liquid first: the main pool leads. None
      // yet (only a token-level source has answered so far, or none ever will): it waits, costing no call.
      const pool = record.pools[0];
      if (!pool) continue;
      const state = states[i] ?? null;
      const index = nextStep(state);
      if (index === null) {
        await finish(token, 'DONE');
        continue;
      }
      if (!chosen || index < chosen.index) chosen = { token, pool: pool.address, chain, state, index };
    }
    if (chosen) await fetchPage(chosen);
  };

  const fetchPage = async ({
    token,
    pool,
    chain,
    state,
    index,
  }: {
    token: string;
    pool: string;
    chain: Chain;
    state: TokenBackfill | null;
    index: number;
  }) => {
    const step = steps[index]!;
    const startedAtMs = state?.startedAtMs ?? now();
    const current: StepProgress = state?.steps[step.resolution] ?? NOT_STARTED;
    const page = getNextPage(step, current, startedAtMs)!;
    const { address } = fromTokenKey(token);
    let fetched;
    try {
      fetched = await client.getPoolOhlcv(chain, pool, { ...step, ...page });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      if (error.code === 'UPSTREAM_RATE_LIMITED') {
        stats.deferred += 1;
        return;
      }
      // Already counted and logged by the adapter (a malformed body is rejected whole, never stored).
      stats.failures += 1;
      const failed = failStep(current);
      await progress.saveStep(token, startedAtMs, step.resolution, failed);
      if (failed.done) log.warn({ token, resolution: step.resolution, code: error.code }, 'backfill series given up');
      return;
    }
    if (fetched === null) return finish(token, 'UNKNOWN');
    const { candles, dropped } = fetched;
    stats.rowsRejected += dropped; // the adapter logged them
    const payloads = toBackfilledCandles(chain, address, step.resolution, candles);
    for (let i = 0; i < payloads.length; i += 1000)
      await stream.append(Stream.HISTORY_CANDLES, payloads.slice(i, i + 1000));
    const next = advanceStep(step, current, startedAtMs, candles);
    await progress.saveStep(token, startedAtMs, step.resolution, next);
    stats.pages += 1;
    stats.candles += payloads.length;
    log.info(
      {
        token,
        pool,
        resolution: step.resolution,
        candles: payloads.length,
        rejectedRows: dropped,
        before: page.beforeMs === null ? null : new Date(page.beforeMs).toISOString(),
        seriesDone: next.done,
      },
      'backfill page',
    );
  };

  let stopped = false;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running || stopped) return; // a slow tick is not stacked on itself
    running = tick()
      .catch((error: unknown) => log.warn({ err: error }, 'backfill tick failed'))
      .finally(() => {
        running = null;
      });
  }, deps.intervalMs);
  timer.unref();

  return {
    stats,
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await leases.release(LEASE, instanceId).catch(() => false);
    },
  };
}
