import express from 'express';
import type { Logger } from '@memegraph/infra';

/** Where the metrics come from. */
export interface MetricsSources {
  /** Open WebSockets on this instance. */
  connections(): number;
  /** Open WebSockets on every live instance (this one's count when there is no shared registry). */
  globalConnections(): Promise<number>;
}

/**
 * `GET /metrics` in the Prometheus text format. Hand-written for the one gauge it has so far.
 * TODO(issue 5): replace with the metrics library and its registry.
 */
export function createMetricsRouter(sources: MetricsSources, log: Logger): express.Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    const instance = sources.connections();
    let global: number | undefined;
    try {
      global = await sources.globalConnections();
    } catch (error) {
      // A scrape still reports what this instance knows; the global series is missing, not wrong.
      log.warn({ err: error }, 'global WebSocket connection count unavailable');
    }
    const lines = [
      '# HELP memegraph_ws_connections Open graphql-ws connections, on this instance and on all live instances.',
      '# TYPE memegraph_ws_connections gauge',
      `memegraph_ws_connections{scope="instance"} ${instance}`,
      ...(global === undefined ? [] : [`memegraph_ws_connections{scope="global"} ${global}`]),
    ];
    res.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
  return router;
}
