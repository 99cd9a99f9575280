import { Topic, type Topics } from '@memegraph/contracts';
import type { Logger, PubSubPort } from '@memegraph/infra';

/**
 * Tells market-data, every `intervalMs`, which tokens have live subscribers on this instance, so its
 * poller refreshes them first. Announcing (rather than reading gateway state) keeps the services apart:
 * they share typed events only. An announcement that cannot be published is dropped (the next one follows),
 * logged once per failing streak. Publishes go through the pub/sub's own connection, so they say nothing
 * about the command connection the rate limit and APQ use.
 */
export function startDemandAnnouncer(
  pubsub: PubSubPort<Topics>,
  subscribedTokens: () => string[],
  intervalMs: number,
  log: Logger,
): { stop(): void } {
  let failing = false;
  const timer = setInterval(() => {
    const tokens = subscribedTokens();
    if (tokens.length === 0) return;
    pubsub.publish(Topic.DEMAND_SUBSCRIBED, { tokens }).then(
      () => (failing = false),
      (error: Error) => {
        if (!failing) log.warn({ err: error.message }, 'demand not announced (dropped until publishing works again)');
        failing = true;
      },
    );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
