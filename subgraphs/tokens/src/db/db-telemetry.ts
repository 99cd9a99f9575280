import { Gauge, Histogram, METRIC_PREFIX, withClientSpan, type Registry } from '@memegraph/infra';
import type { ClientClass } from './pg-client.js';
import type { ServerStatus } from './read-router.js';

/** Told about every statement a pool ran: which server, how long, whether it failed. */
export type QueryObserver = (server: string, seconds: number, ok: boolean) => void;

/** Statement buckets in seconds: index lookups take a millisecond, the statement timeout ends them all. */
const QUERY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * A node-postgres Client class extending `Base` (for the pool's `Client` option, so every connection of the
 * pool has it from the start) that times each promise-returning statement and, within a traced request, gives it a client
 * span with the SQL text (parameters are not recorded). Streams and callback calls pass through untimed.
 */
export function createObservedClient(server: string, observe: QueryObserver, Base: ClientClass): ClientClass {
  return class ObservedClient extends Base {
    override query(...args: unknown[]): unknown {
      const [first] = args;
      const submittable = typeof (first as { submit?: unknown } | null)?.submit === 'function';
      if (submittable || args.some((arg) => typeof arg === 'function')) return super.query(...args);
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
      const started = performance.now();
      const result = withClientSpan(
        'pg query',
        () => ({ 'db.system': 'postgresql', 'db.namespace': server, 'db.query.text': text.slice(0, 2000) }),
        () => super.query(...args) as Promise<unknown>,
      );
      result.then(
        () => observe(server, (performance.now() - started) / 1000, true),
        () => observe(server, (performance.now() - started) / 1000, false),
      );
      return result;
    }
  };
}

/**
 * Database metrics of the tokens subgraph: `memegraph_db_query_duration_seconds{server, outcome}` from
 * the observed clients, and `memegraph_db_pool_connections{server, state}` (total, idle, waiting) read
 * from the pools at scrape time through `status` (set once the router exists).
 */
export function createDbMetrics(registry: Registry): {
  observeQuery: QueryObserver;
  watchPools(status: () => ServerStatus[]): void;
} {
  const queries = new Histogram({
    name: `${METRIC_PREFIX}db_query_duration_seconds`,
    help: 'Duration of Postgres statements, by server (primary, replica-N) and outcome (ok, error).',
    labelNames: ['server', 'outcome'] as const,
    buckets: QUERY_BUCKETS,
    registers: [registry],
  });
  let status: () => ServerStatus[] = () => [];
  new Gauge({
    name: `${METRIC_PREFIX}db_pool_connections`,
    help: 'Connections of each Postgres pool: total open, idle, and requests waiting for one.',
    labelNames: ['server', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const server of status()) {
        this.set({ server: server.name, state: 'total' }, server.pool.total);
        this.set({ server: server.name, state: 'idle' }, server.pool.idle);
        this.set({ server: server.name, state: 'waiting' }, server.pool.waiting);
      }
    },
  });
  return {
    observeQuery: (server, seconds, ok) => queries.observe({ server, outcome: ok ? 'ok' : 'error' }, seconds),
    watchPools: (source) => void (status = source),
  };
}
