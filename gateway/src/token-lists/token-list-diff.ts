import type { EventMarket } from '@memegraph/contracts';
import type { TokenRef } from '../subscriptions/token-ref.js';

/** One token of a live list as a gateway holds it: its key, and its market record when last ranked. */
export interface ListEntry {
  /** `CHAIN:address` (toTokenKey). */
  key: string;
  token: TokenRef;
  market: EventMarket;
}

/** What TokenListChange says about one token. */
export interface ListChange {
  kind: 'ENTERED' | 'LEFT' | 'MOVED' | 'UPDATED';
  entry: ListEntry;
  /** 1-based; null when it LEFT. */
  rank: number | null;
  /** 1-based; null when it ENTERED. */
  previousRank: number | null;
}

const WINDOWS = ['M5', 'H1', 'H6', 'H24'] as const;
const SCALARS = [
  'priceUsd',
  'priceNative',
  'marketCapUsd',
  'fdvUsd',
  'liquidityUsd',
  'priceSpreadPct',
  'stale',
] as const;

/**
 * Whether two market records show the same values. `updatedAt` does not count: a refresh that changed
 * nothing a client sees is not an UPDATED. Compared field by field over the live windows, not deep-equal:
 * the first snapshot (read through Query.tokens) and market-data's rankings build the window objects
 * differently, and deep equality made every token of the first ranking an UPDATED (e2e "ranks a list once").
 */
export function isSameMarket(a: EventMarket, b: EventMarket): boolean {
  if (SCALARS.some((field) => a[field] !== b[field])) return false;
  return WINDOWS.every(
    (w) =>
      a.volumeUsd[w] === b.volumeUsd[w] &&
      a.priceChangePct[w] === b.priceChangePct[w] &&
      a.txns[w]?.buys === b.txns[w]?.buys &&
      a.txns[w]?.sells === b.txns[w]?.sells,
  );
}

/**
 * What changed from one ranking of a list to the next: in the new rank order, ENTERED for a token not in
 * `previous`, MOVED for one at another rank, UPDATED for one at the same rank whose values changed (a moved
 * token is MOVED whatever its values: it carries them); then LEFT for each token no longer in the list, in
 * its previous rank order. Equal lists give no changes. Applying the changes to `previous` gives `next`.
 */
export function diffTokenList(previous: readonly ListEntry[], next: readonly ListEntry[]): ListChange[] {
  const before = new Map(previous.map((entry, index) => [entry.key, { entry, rank: index + 1 }]));
  const changes: ListChange[] = [];
  next.forEach((entry, index) => {
    const rank = index + 1;
    const old = before.get(entry.key);
    if (!old) changes.push({ kind: 'ENTERED', entry, rank, previousRank: null });
    else if (old.rank !== rank) changes.push({ kind: 'MOVED', entry, rank, previousRank: old.rank });
    else if (!isSameMarket(old.entry.market, entry.market))
      changes.push({ kind: 'UPDATED', entry, rank, previousRank: rank });
  });
  const now = new Set(next.map((entry) => entry.key));
  previous.forEach((entry, index) => {
    if (!now.has(entry.key)) changes.push({ kind: 'LEFT', entry, rank: null, previousRank: index + 1 });
  });
  return changes;
}
