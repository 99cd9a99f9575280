import { Counter, Histogram, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './metrics-registry.js';

/** Error codes are ours (SCREAMING_SNAKE); anything else is folded so a label never grows without bound. */
const toCodeLabel = (code: unknown): string =>
  typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : 'UNKNOWN';

/** Latency buckets in seconds, from a cache hit to a slow upstream. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What one GraphQL request received over HTTP looked like when its response went out. */
export interface ObservedRequest {
  /** query | mutation | subscription | unknown (did not parse). */
  operation: string;
  /** The response's errors (empty: ok). */
  errors: ReadonlyArray<{ extensions?: Record<string, unknown> }>;
  seconds: number;
}

/**
 * The GraphQL request metrics of a service, in `registry` (fed by createObservabilityPlugins):
 *
 * - `memegraph_graphql_requests_total{operation, outcome}`: outcome is ok or error (the response carried at
 *   least one error);
 * - `memegraph_graphql_request_duration_seconds{operation}`: from arrival to the response being sent;
 * - `memegraph_graphql_errors_total{code}`: every error of every response, by its extensions.code.
 */
export function createGraphqlRequestMetrics(registry: Registry): (request: ObservedRequest) => void {
  const requests = new Counter({
    name: `${METRIC_PREFIX}graphql_requests_total`,
    help: 'GraphQL requests received over HTTP, by operation type and outcome.',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `${METRIC_PREFIX}graphql_request_duration_seconds`,
    help: 'Time from a GraphQL request arriving to its response being sent.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: `${METRIC_PREFIX}graphql_errors_total`,
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return ({ operation, errors: failures, seconds }) => {
    for (const error of failures) errors.inc({ code: toCodeLabel(error.extensions?.code) });
    requests.inc({ operation, outcome: failures.length > 0 ? 'error' : 'ok' });
    duration.observe({ operation }, seconds);
  };
}
