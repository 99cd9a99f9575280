import type { Redis } from '@memegraph/infra';

/** Result of one dependency probe. */
export interface ProbeResult {
  name: string;
  ok: boolean;
  detail?: unknown;
}

/** A named check of something the gateway depends on. */
export type Probe = () => Promise<ProbeResult>;

/** Probes a service's GET /ready (next to its /graphql endpoint); its body says what it checked (e.g. Postgres). */
export function httpReadyProbe(name: string, graphqlUrl: string, timeoutMs: number): Probe {
  const readyUrl = new URL('/ready', graphqlUrl).toString();
  return async () => {
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(timeoutMs) });
      return { name, ok: response.ok, detail: await response.json().catch(() => null) };
    } catch (error) {
      return { name, ok: false, detail: (error as Error).message };
    }
  };
}

/** Probes Redis with PING. */
export function redisProbe(redis: Redis, timeoutMs: number): Probe {
  return async () => {
    try {
      const pong = await Promise.race([
        redis.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return { name: 'redis', ok: pong === 'PONG' };
    } catch (error) {
      return { name: 'redis', ok: false, detail: (error as Error).message };
    }
  };
}

/** Runs every probe in parallel. */
export async function checkReadiness(probes: Probe[]): Promise<{ ready: boolean; checks: ProbeResult[] }> {
  const checks = await Promise.all(probes.map((probe) => probe()));
  return { ready: checks.every((c) => c.ok), checks };
}
