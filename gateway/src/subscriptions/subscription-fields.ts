import { Topic, type EventMarket, type TopicName, type TopicPayload } from '@memegraph/contracts';
import type {
  Chain,
  Subscription,
  SubscriptionPriceUpdatedArgs,
  SubscriptionTokenDiscoveredArgs,
  SubscriptionVolumeSpikeArgs,
} from '../generated/resolvers.js';
import type { SubscriberScope } from './subscriber-index.js';
import type { HydratedToken } from './token-hydrator.js';
import type { TokenRef } from './token-ref.js';
import { SNAPSHOT_MARKET_ALIAS } from './token-selection.js';

/**
 * An event as received from pub/sub: a JSON object carrying the token it is about and, for price updates,
 * the token's market record after the change.
 */
export type TokenEvent = Record<string, unknown> & { token: TokenRef; market?: EventMarket };

/**
 * How one Subscription field maps onto a pub/sub topic; `Args` are its coerced arguments (codegen types),
 * `T` its topic (whose payload the pub/sub port has already checked against the topic's schema).
 */
export interface SubscriptionField<Args = Record<string, unknown>, T extends TopicName = TopicName> {
  /** Pub/sub topic the events come from. */
  topic: T;
  /** The event as the field's resolvers see it, carrying the token it is about. */
  toEvent(payload: TopicPayload<T>): TokenEvent;
  /** Which tokens a subscriber with these (coerced) arguments can match. */
  getScope(args: Args): SubscriberScope;
  /** The per-subscriber condition beyond the scope. */
  accepts(args: Args, event: TokenEvent): boolean;
  /** Whether the field's type is Token itself (the selection is the token's) rather than an event with `token`. */
  isToken: boolean;
  /**
   * For fields whose subscribers to named tokens first get each token's current value: that value as an
   * event, from the token hydrated with the subscriber's selection plus its market (null: none known).
   */
  toSnapshot?(token: HydratedToken | null): Record<string, unknown> | null;
}

const chainScope = (args: { chain?: Chain | null }): SubscriberScope =>
  args.chain ? { kind: 'chain', chain: args.chain } : { kind: 'all' };

const priceUpdated: SubscriptionField<SubscriptionPriceUpdatedArgs, typeof Topic.PRICE_UPDATED> = {
  topic: Topic.PRICE_UPDATED,
  toEvent: (payload) => payload,
  getScope: (args) =>
    args.addresses ? { kind: 'tokens', chain: args.chain ?? undefined, addresses: args.addresses } : chainScope(args),
  accepts: (args, event) =>
    typeof event.changePct === 'number' && Math.abs(event.changePct) >= (args.minChangePct ?? 0),
  isToken: false,
  toSnapshot: (token) => {
    const market = token?.[SNAPSHOT_MARKET_ALIAS] as
      { priceUsd?: number | null; updatedAt?: string } | null | undefined;
    if (!token || typeof market?.priceUsd !== 'number') return null;
    return { token, priceUsd: market.priceUsd, previousPriceUsd: null, changePct: 0, at: market.updatedAt };
  },
};

const volumeSpike: SubscriptionField<SubscriptionVolumeSpikeArgs, typeof Topic.VOLUME_SPIKED> = {
  topic: Topic.VOLUME_SPIKED,
  toEvent: (payload) => payload,
  getScope: chainScope,
  accepts: (args, event) => typeof event.ratio === 'number' && event.ratio >= (args.minRatio ?? 0),
  isToken: false,
};

const tokenDiscovered: SubscriptionField<SubscriptionTokenDiscoveredArgs, typeof Topic.TOKEN_DISCOVERED> = {
  topic: Topic.TOKEN_DISCOVERED,
  // The tokens subgraph publishes the token key itself.
  toEvent: (payload) => ({ token: { chain: payload.chain, address: payload.address } }),
  getScope: chainScope,
  accepts: () => true,
  isToken: true,
};

/**
 * The Subscription fields of schema/gateway.graphql that follow per-token events, typed by codegen: a field
 * added to the schema without an entry here (or in the exclusion: tokenListUpdated is served by the
 * token-list hub, from whole rankings) fails the type check. The executor hands each field the arguments graphql-js coerced
 * against that same schema, so they have the field's argument type.
 */
export const subscriptionFields: Record<string, SubscriptionField> = {
  priceUpdated,
  volumeSpike,
  tokenDiscovered,
} satisfies {
  [Field in Exclude<keyof Subscription, '__typename' | 'tokenListUpdated'>]: SubscriptionField<never>;
} as Record<string, SubscriptionField>;
