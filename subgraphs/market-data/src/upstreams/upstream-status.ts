import type { CircuitState, Source } from '../generated/resolvers.js';
import type { UpstreamRegistry, UpstreamStatusRecord } from './upstream-registry.js';

/** Length of the "requests in the last minute" window. */
const WINDOW_MS = 60_000;

/** Cumulative counters of one source since the process started (for metrics and tests). */
export interface UpstreamCounters {
  /** HTTP attempts sent (every retry counts; circuit-open rejections do not, they never left). */
  requests: number;
  /** Failed attempts by error code (UPSTREAM_TIMEOUT, ...). */
  errorsByCode: Record<string, number>;
  /** HTTP 429 answers. */
  rateLimited: number;
  /** Whole responses rejected as invalid JSON or the wrong shape. */
  malformedResponses: number;
  /** Items dropped from otherwise valid lists. */
  malformedItems: number;
  /** Calls refused locally because the circuit was open. */
  circuitRejections: number;
  /** Attempts refused by the shared rate-limit budget before reaching the upstream. */
  budgetRefusals: number;
}

/** Options of {@link UpstreamStatusTracker}. */
export interface UpstreamStatusTrackerOptions {
  /** Configured budget per source, reported as `rateLimitPerMinute`. */
  rateLimitPerMinute: Record<Source, number>;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface SourceState {
  circuit: CircuitState;
  /** Last known shared back-off of each of its budgets (endpoint classes), as of this instance's last call. */
  backoff: Map<string, { closedUntil: number; factor: number }>;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  /** Attempt timestamps, oldest first; pruned to the last WINDOW_MS on every touch. */
  window: number[];
  counters: UpstreamCounters;
}

/**
 * Live status of every upstream source, fed by the upstream clients and read by `Query.upstreams`
 * (it is an {@link UpstreamRegistry}). State is local to this process: `requestsLastMinute` is what
 * this instance sent, not what the shared rate-limit budget saw.
 */
export class UpstreamStatusTracker implements UpstreamRegistry {
  readonly #states = new Map<Source, SourceState>();
  readonly #limits: Record<Source, number>;
  readonly #now: () => number;

  constructor(options: UpstreamStatusTrackerOptions) {
    this.#limits = { ...options.rateLimitPerMinute };
    this.#now = options.now ?? Date.now;
  }

  /** An HTTP attempt is about to be sent. */
  recordRequest(source: Source): void {
    const state = this.#state(source);
    state.window.push(this.#now());
    state.counters.requests += 1;
  }

  /** A call returned data. */
  recordSuccess(source: Source): void {
    this.#state(source).lastSuccessAt = this.#now();
  }

  /**
   * An attempt failed. `status` is the HTTP status when there was one (429s are counted apart);
   * `malformed` marks a whole response rejected by validation.
   */
  recordFailure(
    source: Source,
    failure: { code: string; message: string; status?: number | undefined; malformed?: boolean },
  ): void {
    const state = this.#state(source);
    state.lastErrorAt = this.#now();
    state.lastError = `${failure.code}: ${failure.message}`;
    state.counters.errorsByCode[failure.code] = (state.counters.errorsByCode[failure.code] ?? 0) + 1;
    if (failure.status === 429) state.counters.rateLimited += 1;
    if (failure.malformed) state.counters.malformedResponses += 1;
  }

  /**
   * A call was refused because the circuit is open. Counted apart and kept out of `lastError`, which
   * keeps naming the upstream failure that opened the circuit.
   */
  recordCircuitRejection(source: Source): void {
    this.#state(source).counters.circuitRejections += 1;
  }

  /** The shared rate-limit budget refused an attempt (it never reached the upstream). */
  recordBudgetRefusal(source: Source): void {
    this.#state(source).counters.budgetRefusals += 1;
  }

  /** Items of a valid list were dropped because they did not match the schema. */
  recordMalformedItems(source: Source, count: number): void {
    if (count > 0) this.#state(source).counters.malformedItems += count;
  }

  /** The shared back-off of one of the source's budgets, as an acquire or a 429 just read it. */
  recordBackoff(source: Source, budget: string, state: { closedForMs: number; factor: number }): void {
    this.#state(source).backoff.set(budget, { closedUntil: this.#now() + state.closedForMs, factor: state.factor });
  }

  /** The most restrictive back-off of the source's budgets: share of its limit to spend, and closed until. */
  backoffOf(source: Source): { factor: number; closedUntil: number | null } {
    const now = this.#now();
    let factor = 1;
    let closedUntil: number | null = null;
    for (const state of this.#state(source).backoff.values()) {
      factor = Math.min(factor, state.factor);
      if (state.closedUntil > now) closedUntil = Math.max(closedUntil ?? 0, state.closedUntil);
    }
    return { factor, closedUntil };
  }

  /** The source's circuit breaker changed state. */
  setCircuit(source: Source, circuit: CircuitState): void {
    this.#state(source).circuit = circuit;
  }

  /** Status of one source. */
  get(source: Source): UpstreamStatusRecord {
    const state = this.#state(source);
    const { lastSuccessAt, lastErrorAt } = state;
    const limit = this.#limits[source] ?? 0;
    const backoff = this.backoffOf(source);
    return {
      source,
      // Healthy: calls flow and the latest outcome was not a failure (a source that never failed is healthy).
      healthy: state.circuit === 'CLOSED' && (lastErrorAt === null || (lastSuccessAt ?? -1) >= lastErrorAt),
      circuit: state.circuit,
      lastSuccessAt: lastSuccessAt === null ? null : new Date(lastSuccessAt),
      lastError: state.lastError,
      requestsLastMinute: state.window.length,
      rateLimitPerMinute: limit,
      effectiveRateLimitPerMinute: Math.max(limit > 0 ? 1 : 0, Math.floor(limit * backoff.factor)),
      coolingDownUntil: backoff.closedUntil === null ? null : new Date(backoff.closedUntil),
    };
  }

  /** Status of every configured source (and any other that reported), in configuration order. */
  list(): UpstreamStatusRecord[] {
    const sources = new Set<Source>([...(Object.keys(this.#limits) as Source[]), ...this.#states.keys()]);
    return [...sources].map((source) => this.get(source));
  }

  /** A copy of one source's counters. */
  counters(source: Source): UpstreamCounters {
    const { counters } = this.#state(source);
    return { ...counters, errorsByCode: { ...counters.errorsByCode } };
  }

  #state(source: Source): SourceState {
    let state = this.#states.get(source);
    if (!state) {
      state = {
        circuit: 'CLOSED',
        backoff: new Map(),
        lastSuccessAt: null,
        lastErrorAt: null,
        lastError: null,
        window: [],
        counters: {
          requests: 0,
          errorsByCode: {},
          rateLimited: 0,
          malformedResponses: 0,
          malformedItems: 0,
          circuitRejections: 0,
          budgetRefusals: 0,
        },
      };
      this.#states.set(source, state);
    }
    // Pruning on every touch keeps the window bounded by one minute of traffic.
    const from = this.#now() - WINDOW_MS;
    let stale = 0;
    while (stale < state.window.length && (state.window[stale] ?? 0) <= from) stale += 1;
    if (stale > 0) state.window.splice(0, stale);
    return state;
  }
}
