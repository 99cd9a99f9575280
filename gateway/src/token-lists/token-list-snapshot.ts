import { toTokenKey, type Chain, type EventMarket, type TokenListSpec } from '@memegraph/contracts';
import type { RunQuery } from '../subscriptions/token-hydrator.js';
import type { ListEntry } from './token-list-diff.js';

const WINDOWS = ['M5', 'H1', 'H6', 'H24'] as const;

/** Query.tokens for a list's page: the keys in rank order, and the market values a ranking event carries. */
const SNAPSHOT_QUERY = `query TokenListSnapshot($filter: TokenFilter, $sort: TokenSort, $first: Int) {
  tokens(filter: $filter, sort: $sort, first: $first) { edges { node { chain address market {
    priceUsd priceNative marketCapUsd fdvUsd liquidityUsd priceSpreadPct updatedAt stale
    ${WINDOWS.map((w) => `volumeUsd${w}: volumeUsd(window: ${w}) priceChangePct${w}: priceChangePct(window: ${w}) txns${w}: txns(window: ${w}) { buys sells }`).join('\n    ')}
  } } } } }`;

type Row = Record<string, unknown>;

/** The market record of one node as the snapshot query returned it, in the shape ranking events carry. */
function toEventMarket(market: Row | null): EventMarket {
  const m = market ?? {};
  const num = (name: string) => (typeof m[name] === 'number' ? (m[name] as number) : null);
  const byWindow = <T>(read: (w: (typeof WINDOWS)[number]) => T | null) =>
    Object.fromEntries(WINDOWS.flatMap((w) => (read(w) === null ? [] : [[w, read(w)]])));
  return {
    priceUsd: num('priceUsd'),
    priceNative: num('priceNative'),
    marketCapUsd: num('marketCapUsd'),
    fdvUsd: num('fdvUsd'),
    liquidityUsd: num('liquidityUsd'),
    priceSpreadPct: num('priceSpreadPct'),
    volumeUsd: byWindow((w) => num(`volumeUsd${w}`)),
    priceChangePct: byWindow((w) => num(`priceChangePct${w}`)),
    txns: byWindow((w) => (m[`txns${w}`] as { buys: number; sells: number } | null) ?? null),
    updatedAt: typeof m.updatedAt === 'string' ? m.updatedAt : '',
    stale: m.stale === true,
  };
}

/**
 * The page Query.tokens(filter, sort, first) returns now, through the gateway's own planning: a list's
 * first snapshot on this instance when no ranking of it has arrived yet. Throws with the query's errors.
 */
export async function readTokenListPage(runQuery: RunQuery, spec: TokenListSpec): Promise<ListEntry[]> {
  const { sort } = spec;
  const result = await runQuery(SNAPSHOT_QUERY, { filter: spec.filter, sort, first: spec.first });
  if (result.errors?.length) throw new TokenListReadError(result.errors);
  const edges = (result.data?.tokens as { edges: Array<{ node: Row }> } | undefined)?.edges ?? [];
  return edges.map(({ node }) => {
    const token = { chain: node.chain as Chain, address: String(node.address) };
    return { key: toTokenKey(token.chain, token.address), token, market: toEventMarket(node.market as Row | null) };
  });
}

/** Query.tokens answered with errors: they go to the subscribers waiting for the snapshot. */
export class TokenListReadError extends Error {
  constructor(readonly errors: readonly unknown[]) {
    super('Query.tokens failed for a live list');
  }
}
