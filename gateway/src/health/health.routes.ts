import express from 'express';
import type { DependencyStatus } from './dependency-monitor.js';

/**
 * This instance's own state: `ready` serves, `draining` is shutting down. There is no `starting`: the
 * gateway listens only once everything is built, so nothing can ask before it is ready.
 */
export type GatewayState = 'ready' | 'draining';

/**
 * GET /health: the process answers (liveness). GET /ready: this instance can serve (200) or not (503:
 * draining), judged on its own state only. The dependencies' last known statuses are in the
 * body for people and launchers, but a subgraph or Redis outage never fails it: the gateway still serves
 * partial data and falls back, and failing every instance's readiness at once would turn a partial
 * outage into a full one behind a load balancer.
 */
export function createHealthRouter(sources: {
  state(): GatewayState;
  dependencies(): DependencyStatus[];
}): express.Router {
  const router = express.Router();
  router.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  router.get('/ready', (_req, res) => {
    const status = sources.state();
    res.status(status === 'ready' ? 200 : 503).json({ status, dependencies: sources.dependencies() });
  });
  return router;
}
