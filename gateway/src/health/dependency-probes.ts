import type { RedisData } from '@memegraph/infra';
import type { GatewayConfig } from '../gateway.config.js';

/** Result of one dependency check. */
export interface ProbeResult {
  ok: boolean;
  detail?: unknown;
}

/** A named check of something the gateway depends on; it bounds itself with its own timeout. */
export interface Probe {
  name: string;
  check(): Promise<ProbeResult>;
}

/** Probes a service's GET /ready (next to its /graphql endpoint); its body says what it checked (e.g. Postgres). */
export function httpReadyProbe(name: string, graphqlUrl: string, timeoutMs: number): Probe {
  const readyUrl = new URL('/ready', graphqlUrl).toString();
  return {
    name,
    async check() {
      try {
        const response = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs) });
        return { ok: response.ok, detail: await response.json().catch(() => null) };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
  };
}

/** Probes Redis with PING. */
export function redisProbe(redis: RedisData['connection'], timeoutMs: number): Probe {
  return {
    name: 'redis',
    async check() {
      try {
        const pong = await Promise.race([
          redis.ping(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
        ]);
        return { ok: pong === 'PONG' };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
  };
}

/** What the gateway depends on: both subgraphs' /ready, and its Redis when it has one. */
export function createDependencyProbes(config: GatewayConfig, redis: RedisData | undefined): Probe[] {
  return [
    httpReadyProbe('tokens', config.TOKENS_URL, config.READY_TIMEOUT_MS),
    httpReadyProbe('market-data', config.MARKET_DATA_URL, config.READY_TIMEOUT_MS),
    ...(redis ? [redisProbe(redis.connection, config.READY_TIMEOUT_MS)] : []),
  ];
}
