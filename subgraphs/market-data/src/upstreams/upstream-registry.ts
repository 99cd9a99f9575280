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
}

/** Status of every upstream; the clients of the market-data issue (#3) report into it. */
export interface UpstreamRegistry {
  list(): UpstreamStatusRecord[];
}

/** A registry of sources that have made no calls yet: circuits closed, no errors, budgets as configured. */
export function createUpstreamRegistry(rateLimits: Record<Source, number>): UpstreamRegistry {
  const records = (Object.keys(rateLimits) as Source[]).map((source) => ({
    source,
    healthy: true,
    circuit: 'CLOSED' as const,
    lastSuccessAt: null,
    lastError: null,
    requestsLastMinute: 0,
    rateLimitPerMinute: rateLimits[source],
  }));
  return { list: () => records.map((r) => ({ ...r })) };
}
