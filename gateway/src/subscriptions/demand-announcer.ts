import { Topic, type TokenListSpec, type Topics } from '@memegraph/contracts';
import type { Logger, PubSubPort } from '@memegraph/infra';

/**
 * Tells market-data, every `intervalMs`, which tokens have live subscribers on this instance, so its
 * poller refreshes them first, and which ranked lists (tokenListUpdated) have, so it ranks them after each
 * poll batch (a demand not renewed expires there). Announcing (rather than reading gateway state) keeps the services apart:
 * they share typed events only. An announcement that cannot be published is dropped (the next one follows),
 * logged once per failing streak. Publishes go through the pub/sub's own connection, so they say nothing
 * about the command connection the rate limit and APQ use.
 */
export function startDemandAnnouncer(
  pubsub: PubSubPort<Topics>,
  subscribedTokens: () => string[],
  intervalMs: number,
  log: Logger,
  subscribedLists: () => TokenListSpec[] = () => [],
): { stop(): void } {
  let failing = false;
  const published = (announcement: Promise<void>) =>
    announcement.then(
      () => (failing = false),
      (error: Error) => {
        if (!failing) log.warn({ err: error.message }, 'demand not announced (dropped until publishing works again)');
        failing = true;
      },
    );
  const timer = setInterval(() => {
    const tokens = subscribedTokens();
    if (tokens.length > 0) void published(pubsub.publish(Topic.DEMAND_SUBSCRIBED, { tokens }));
    const lists = subscribedLists();
    // The event schema takes at most 1000 lists per message.
    for (let i = 0; i < lists.length; i += 1000)
      void published(pubsub.publish(Topic.DEMAND_LISTS, { lists: lists.slice(i, i + 1000) }));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
