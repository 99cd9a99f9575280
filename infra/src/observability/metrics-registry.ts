import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prefix of every metric this project defines (process and Node.js metrics keep their standard names). */
export const METRIC_PREFIX = 'memegraph_';

/**
 * A Prometheus registry for one service, with the standard process and Node.js metrics (CPU, memory,
 * event-loop lag, GC, handles). Series carry no service label: the scrape target (job, instance) says
 * which service answered.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** `GET /metrics` handler in the Prometheus text format (a plain Node handler, so any HTTP framework can mount it). */
export function createMetricsHandler(registry: Registry) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(text);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics collection failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  };
}
