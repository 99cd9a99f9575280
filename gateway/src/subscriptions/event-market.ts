import type { EventMarket } from '@memegraph/contracts';

/**
 * TokenMarket fields a `price.updated` event carries (contracts' eventMarketSchema), so a subscriber selecting
 * only these under `market` is answered from the event. Anything else (sources, and any field added later)
 * makes the market selection hydrate through the supergraph, as before.
 */
export const EVENT_MARKET_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'priceUsd',
  'priceNative',
  'marketCapUsd',
  'fdvUsd',
  'liquidityUsd',
  'priceSpreadPct',
  'volumeUsd',
  'priceChangePct',
  'txns',
  'updatedAt',
  'stale',
  // TxnCount's fields, under txns.
  'buys',
  'sells',
]);

/** Fields taking a window: carried for the live windows only (D7 comes from stored history). */
export const EVENT_MARKET_WINDOWED_FIELDS: ReadonlySet<string> = new Set(['volumeUsd', 'priceChangePct', 'txns']);

type Windowed = Pick<EventMarket, 'volumeUsd' | 'priceChangePct' | 'txns'>;

const byWindow =
  <K extends keyof Windowed>(values: Windowed[K]) =>
  ({ window }: { window: string }) =>
    values[window as keyof Windowed[K]] ?? null;

/**
 * The `market` value for executing a subscriber's selection over an event: a plain object read by graphql-js's
 * default field resolver (by field name, so any alias works); windowed fields are functions of their
 * arguments, as TokenMarket's resolvers in market-data answer them (a window no source reported is null).
 */
export function toMarketSource(market: EventMarket): Record<string, unknown> {
  return {
    ...market,
    volumeUsd: byWindow<'volumeUsd'>(market.volumeUsd),
    priceChangePct: byWindow<'priceChangePct'>(market.priceChangePct),
    txns: byWindow<'txns'>(market.txns),
  };
}
