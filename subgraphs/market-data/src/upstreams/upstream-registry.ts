import type { CircuitState, Source } from '../generated/resolvers.js';

/** Live status of one upstream source as reported by Query.upstreams. */
export interface UpstreamStatusRecord {
  source: Source;
  healthy: boolean;
  circuit: CircuitState;
  lastSuccessAt: Date | null;
  lastError: string | null;
  requestsLastMinute: number;
  rateLimitPerMinute: number;
  /** What all instances may spend now: the limit after 429s cut it (recovering toward the limit). */
  effectiveRateLimitPerMinute: number;
  /** Until when no instance calls it, after a 429 (null: open). */
  coolingDownUntil: Date | null;
}

/** Status of every upstream; the clients of the market-data issue (#3) report into it. */
export interface UpstreamRegistry {
  list(): UpstreamStatusRecord[];
}
