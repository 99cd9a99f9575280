import type { Chain } from '../generated/resolvers.js';
import type { SubscriberScope } from './subscriber-index.js';
import type { HydratedToken } from './token-hydrator.js';
import type { TokenRef } from './token-ref.js';
import { SNAPSHOT_MARKET_ALIAS } from './token-selection.js';

/** An event as received from pub/sub: a JSON object carrying the token it is about. */
export type TokenEvent = Record<string, unknown> & { token: TokenRef };

/** How one Subscription field maps onto a pub/sub topic. */
export interface SubscriptionField {
  /** Pub/sub topic the events come from. */
  topic: string;
  /** The token an event is about, or undefined for a malformed event (dropped). */
  toEvent(payload: unknown): TokenEvent | undefined;
  /** Which tokens a subscriber with these (coerced) arguments can match. */
  getScope(args: Record<string, unknown>): SubscriberScope;
  /** The per-subscriber condition beyond the scope. */
  accepts(args: Record<string, unknown>, event: TokenEvent): boolean;
  /** Whether the field's type is Token itself (the selection is the token's) rather than an event with `token`. */
  isToken: boolean;
  /**
   * For fields whose subscribers to named tokens first get each token's current value: that value as an
   * event, from the token hydrated with the subscriber's selection plus its market (null: none known).
   */
  toSnapshot?(token: HydratedToken | null): Record<string, unknown> | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTokenRef = (value: unknown): value is TokenRef =>
  isRecord(value) && typeof value.chain === 'string' && typeof value.address === 'string';

const chainScope = (args: Record<string, unknown>): SubscriberScope =>
  typeof args.chain === 'string' ? { kind: 'chain', chain: args.chain as Chain } : { kind: 'all' };

const eventWithToken = (payload: unknown): TokenEvent | undefined =>
  isRecord(payload) && isTokenRef(payload.token) ? (payload as TokenEvent) : undefined;

/** The Subscription fields of schema/gateway.graphql. */
export const subscriptionFields: Record<string, SubscriptionField> = {
  priceUpdated: {
    topic: 'price.updated',
    toEvent: eventWithToken,
    getScope: (args) =>
      Array.isArray(args.addresses)
        ? {
            kind: 'tokens',
            chain: typeof args.chain === 'string' ? (args.chain as Chain) : undefined,
            addresses: args.addresses as string[],
          }
        : chainScope(args),
    accepts: (args, event) =>
      typeof event.changePct === 'number' && Math.abs(event.changePct) >= ((args.minChangePct as number | null) ?? 0),
    isToken: false,
    toSnapshot: (token) => {
      const market = token?.[SNAPSHOT_MARKET_ALIAS] as
        { priceUsd?: number | null; updatedAt?: string } | null | undefined;
      if (!token || typeof market?.priceUsd !== 'number') return null;
      return { token, priceUsd: market.priceUsd, previousPriceUsd: null, changePct: 0, at: market.updatedAt };
    },
  },
  volumeSpike: {
    topic: 'volume.spiked',
    toEvent: eventWithToken,
    getScope: chainScope,
    accepts: (args, event) => typeof event.ratio === 'number' && event.ratio >= ((args.minRatio as number | null) ?? 0),
    isToken: false,
  },
  tokenDiscovered: {
    topic: 'token.discovered',
    // The tokens subgraph publishes the token key itself.
    toEvent: (payload) =>
      isTokenRef(payload) ? { token: { chain: payload.chain, address: payload.address } } : undefined,
    getScope: chainScope,
    accepts: () => true,
    isToken: true,
  },
};
