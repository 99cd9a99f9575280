import { Topic, toTokenListKey, type TokenListSpec, type TopicInput, type Topics } from '@memegraph/contracts';
import type { Logger, PubSubPort } from '@memegraph/infra';
import { toEventMarket } from './to-event-market.js';
import type { MarketStore } from '../store/market-store.js';
import type { TokenSetPort } from '../tracking/token-set.js';
import { createTokenRanking } from '../ranking/token-ranking.js';

/** One token of a published page. */
type Entry = TopicInput<typeof Topic.LIST_RANKED>['entries'][number];

/** Ranked lists (tokenListUpdated) that gateways have subscribers for, ranked after each poll batch. */
export interface TokenListPublisher {
  /** A gateway's announcement: these lists have subscribers there (kept for `demandTtlMs`). */
  demand(specs: readonly TokenListSpec[]): void;
  /**
   * Ranks every demanded list once over the current records and publishes `list.ranked` for each whose
   * page changed (order or a token's values). Calls while one runs are folded into one more run after it.
   */
  rankDemanded(): Promise<void>;
  /** Counters for /metrics and tests: rankings done, lists published, lists demanded now. */
  stats(): { rankings: number; published: number; demanded: number };
}

/**
 * One ranking per demanded list per poll batch, whatever the number of subscribers or gateways: the lists
 * are named by their normalised spec (equal arguments, one list), ranked with Query.tokens' own function
 * over the same records (listable tokens from the store), and published as the whole page, which gateways
 * diff against what their subscribers have. An unchanged page is not published.
 */
export function createTokenListPublisher(options: {
  pubsub: PubSubPort<Topics>;
  store: MarketStore;
  tokens: TokenSetPort;
  cacheTtlSeconds: number;
  /** A list whose demand was not renewed within this time is dropped (its gateways announce it periodically). */
  demandTtlMs: number;
  /** Most lists ranked per batch (the least recently demanded beyond it are dropped). */
  maxLists: number;
  log: Logger;
}): TokenListPublisher {
  const { pubsub, store, tokens, log } = options;
  const demanded = new Map<string, { spec: TokenListSpec; seenAt: number }>();
  // Lists differing only in `first` share one order per batch (and across batches while no record changed).
  const ranking = createTokenRanking(options.maxLists);
  const last = new Map<string, { entries: Entry[]; version: number }>();
  const counters = { rankings: 0, published: 0 };
  let running: Promise<void> | null = null;
  let again = false;

  const samePage = (a: Entry[], b: Entry[]) =>
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]!;
      return (
        x.chain === y.chain &&
        x.address === y.address &&
        JSON.stringify({ ...x.market, updatedAt: '' }) === JSON.stringify({ ...y.market, updatedAt: '' })
      );
    });

  const rankOnce = async (): Promise<void> => {
    const now = Date.now();
    for (const [key, { seenAt }] of demanded) {
      if (now - seenAt > options.demandTtlMs) {
        demanded.delete(key);
        last.delete(key);
      }
    }
    if (demanded.size === 0) return;
    const keys = await tokens.listable();
    const served = (await store.getMany(keys)).flatMap((s) => (s ? [s] : []));
    const records = served.map((s) => s.record);
    const stale = new Map(served.map((s) => [s.record, s.stale]));
    const at = new Date().toISOString();
    const published: Promise<void>[] = [];
    for (const [key, { spec }] of demanded) {
      counters.rankings += 1;
      const page = ranking.rank(records, { filter: spec.filter, sort: spec.sort, first: spec.first });
      const entries: Entry[] = page.edges.map(({ record }) => ({
        chain: record.chain,
        address: record.address,
        market: { ...toEventMarket(record, options.cacheTtlSeconds), stale: stale.get(record) ?? false },
      }));
      const previous = last.get(key);
      if (previous && samePage(previous.entries, entries)) continue;
      const version = (previous?.version ?? 0) + 1;
      last.set(key, { entries, version });
      counters.published += 1;
      published.push(pubsub.publish(Topic.LIST_RANKED, { list: key, spec, version, at, entries }));
    }
    for (const result of await Promise.allSettled(published))
      if (result.status === 'rejected') log.warn({ err: result.reason }, 'list ranking not published');
  };

  const run = async (): Promise<void> => {
    do {
      again = false;
      await rankOnce().catch((error: unknown) => log.warn({ err: error }, 'demanded lists not ranked'));
    } while (again);
  };

  return {
    demand(specs) {
      const now = Date.now();
      for (const spec of specs) {
        const key = toTokenListKey(spec);
        demanded.delete(key); // re-inserted: most recently demanded last
        demanded.set(key, { spec, seenAt: now });
      }
      for (const key of demanded.keys()) {
        if (demanded.size <= options.maxLists) break;
        demanded.delete(key);
        last.delete(key);
      }
    },
    rankDemanded() {
      if (running) {
        again = true;
        return running;
      }
      running = run().finally(() => (running = null));
      return running;
    },
    stats: () => ({ ...counters, demanded: demanded.size }),
  };
}
