import { CHAINS, toTokenKey } from '@memegraph/contracts';
import type { Chain } from '../generated/resolvers.js';

/** Which events a subscriber can match: named tokens, a whole chain, or everything. */
export type SubscriberScope =
  { kind: 'tokens'; chain?: Chain; addresses: readonly string[] } | { kind: 'chain'; chain: Chain } | { kind: 'all' };

/** Index keys of a scope; a token scope without a chain is indexed under every chain. */
function getKeys(scope: SubscriberScope): string[] {
  if (scope.kind === 'all') return ['*'];
  if (scope.kind === 'chain') return [`chain:${scope.chain}`];
  const chains = scope.chain ? [scope.chain] : CHAINS;
  return chains.flatMap((chain) => scope.addresses.map((address) => toTokenKey(chain, address)));
}

/**
 * Subscribers of one topic indexed by what they can match, so an event looks up the subscribers of its
 * token, its chain and of everything (three map reads) instead of scanning every subscriber.
 */
export class SubscriberIndex<S> {
  private readonly buckets = new Map<string, Set<S>>();

  add(subscriber: S, scope: SubscriberScope): void {
    for (const key of getKeys(scope)) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Set()));
      bucket.add(subscriber);
    }
  }

  remove(subscriber: S, scope: SubscriberScope): void {
    for (const key of getKeys(scope)) {
      const bucket = this.buckets.get(key);
      bucket?.delete(subscriber);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
  }

  /** Subscribers whose scope covers this token (each at most once). */
  match(chain: Chain, address: string): S[] {
    const found = new Set<S>();
    for (const key of [toTokenKey(chain, address), `chain:${chain}`, '*']) {
      for (const subscriber of this.buckets.get(key) ?? []) found.add(subscriber);
    }
    return [...found];
  }

  /** Token keys (`CHAIN:address`) that have at least one subscriber naming them. */
  tokenKeys(): string[] {
    return [...this.buckets.keys()].filter((key) => key !== '*' && !key.startsWith('chain:'));
  }

  /** Number of index buckets (for tests: buckets are released when their last subscriber leaves). */
  get size(): number {
    return this.buckets.size;
  }
}
