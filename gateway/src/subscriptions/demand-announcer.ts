import type { Logger, PubSubPort, RedisAvailability } from '@memegraph/infra';

/** Topic on which gateways announce tokens with live subscribers (payload `{ tokens: string[] }`). */
export const DEMAND_TOPIC = 'demand.subscribed';

/**
 * Tells market-data, every `intervalMs`, which tokens have live subscribers on this instance, so its
 * poller refreshes them first. Announcing (rather than reading gateway state) keeps the services apart:
 * they share typed events only. With `availability` (Redis pub/sub), an announcement Redis cannot take is
 * counted as a fallback (`demand`, dropped: the next one follows) instead of logged.
 */
export function startDemandAnnouncer(
  pubsub: PubSubPort,
  subscribedTokens: () => string[],
  intervalMs: number,
  log: Logger,
  availability?: () => RedisAvailability | undefined,
): { stop(): void } {
  const timer = setInterval(() => {
    const tokens = subscribedTokens();
    if (tokens.length === 0) return;
    const publish = () => pubsub.publish(DEMAND_TOPIC, { tokens });
    const redis = availability?.();
    if (redis) void redis.run('demand', publish, () => undefined);
    else publish().catch((error: Error) => log.warn({ err: error.message }, 'demand not announced'));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
