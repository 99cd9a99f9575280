import type { Logger, PubSubPort } from '@memegraph/infra';

/** Topic on which gateways announce tokens with live subscribers (payload `{ tokens: string[] }`). */
export const DEMAND_TOPIC = 'demand.subscribed';

/**
 * Tells market-data, every `intervalMs`, which tokens have live subscribers on this instance, so its
 * poller refreshes them first. Announcing (rather than reading gateway state) keeps the services apart:
 * they share typed events only.
 */
export function startDemandAnnouncer(
  pubsub: PubSubPort,
  subscribedTokens: () => string[],
  intervalMs: number,
  log: Logger,
): { stop(): void } {
  const timer = setInterval(() => {
    const tokens = subscribedTokens();
    if (tokens.length === 0) return;
    pubsub
      .publish(DEMAND_TOPIC, { tokens })
      .catch((error: Error) => log.warn({ err: error.message }, 'demand not announced'));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
