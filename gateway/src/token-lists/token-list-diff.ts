import { isDeepStrictEqual } from 'node:util';
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

/**
 * Whether two market records show the same values: every field the event carries (contracts'
 * eventMarketSchema, so a field added there is compared too) but `updatedAt`: a refresh that changed nothing
 * a client sees is not an UPDATED.
 */
export function isSameMarket(a: EventMarket, b: EventMarket): boolean {
  return isDeepStrictEqual({ ...a, updatedAt: null }, { ...b, updatedAt: null });
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
