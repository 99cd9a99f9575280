import { toAddressCase, toTokenKey, type EventMarket } from '@memegraph/contracts';
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';
import type { Logger } from '@memegraph/infra';
import { toHydrationQuery, type SelectionPart, type TokenSelection } from './token-selection.js';
import type { TokenRef } from './token-ref.js';
import { toMarketSource } from './event-market.js';

/** Runs one operation through the gateway's own query planning. */
export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** A token object as the hydration query returned it: keyed by response name (alias or field name). */
export type HydratedToken = Record<string, unknown>;

/** The most addresses Query.tokensByAddress accepts per call (its contract). */
const MAX_ADDRESSES_PER_CALL = 100;

/** One token's hydration; `keep` is false when it must not be reused (token unknown, or the query had errors). */
interface Hydration {
  token: HydratedToken | null;
  keep: boolean;
}

interface Batch {
  part: SelectionPart;
  chain: string;
  timer?: NodeJS.Timeout;
  waiters: Map<string, { address: string; resolve: (hydration: Hydration) => void; promise: Promise<Hydration> }>;
}

/** A kept hydration of a selection's metadata part for one token. */
interface Kept {
  hydration: Promise<Hydration>;
  /** performance.now() when its query was sent. */
  at: number;
  refreshing: boolean;
}

/** How long metadata fields are kept, and for how many tokens × selections. */
export interface MetadataCacheOptions {
  /** 0: no caching, every event hydrates every field. */
  ttlMs: number;
  maxEntries: number;
  /**
   * After a token's change was announced ({@link TokenHydrator.forget}), its metadata is hydrated for every
   * event and not kept for this long: a tokens instance that has not yet dropped its cached row, or a
   * replica behind the write (DATABASE_REPLICA_MAX_LAG_MS, 5 s), could still answer the old values, which
   * would then be kept for a whole TTL. Default {@link CHANGE_GRACE_MS}.
   */
  changeGraceMs?: number;
}

/** Default of {@link MetadataCacheOptions.changeGraceMs}: the tokens subgraph's replica lag bound (5 s) and read cache TTL (2 s), with margin. */
export const CHANGE_GRACE_MS = 10_000;

/**
 * Resolves the Token fields subscribers select: one tokensByAddress query per chain and distinct selection
 * for all tokens requested within `windowMs`, shared by every subscriber with that selection.
 *
 * Fields no event changes (the selection's metadata part: name, symbol…) are kept per token for `ttlMs`
 * and refreshed in the background once half of it has passed, so a token with steady events skips that
 * round trip entirely; the per-event part (market, pools…) is queried for every event, except the market
 * fields an event carries (`price.updated`'s market record), which are answered from the event itself.
 */
export class TokenHydrator {
  private readonly batches = new Map<string, Batch>();
  /**
   * Objects that came back from this hydrator's queries: they are keyed by the subscriber's response names,
   * so the subscription's own execution reads them by response name ({@link resolveField}); event objects
   * are read by field name.
   */
  private readonly hydratedObjects = new WeakSet<object>();
  /** Metadata parts by token and selection, least recently used first. */
  private readonly kept = new Map<string, Kept>();
  /** Tokens whose change was announced, until when (performance.now()) their metadata is not kept. */
  private readonly changed = new Map<string, number>();
  /** Hydration queries run so far (for tests and metrics). */
  calls = 0;
  /** Metadata parts served from what was kept, without a query. */
  keptHits = 0;

  constructor(
    private readonly run: RunQuery,
    private readonly windowMs: number,
    private readonly log: Logger,
    private readonly metadataCache: MetadataCacheOptions = { ttlMs: 0, maxEntries: 0 },
  ) {}

  /** Whether metadata parts are kept at all (otherwise selections are best hydrated whole). */
  get keepsMetadata(): boolean {
    return this.metadataCache.ttlMs > 0 && this.metadataCache.maxEntries > 0;
  }

  /** Field resolver for executing a subscription over an event whose token this hydrator hydrated. */
  readonly resolveField: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
    typeof source === 'object' && source !== null && this.hydratedObjects.has(source)
      ? (source as Record<string, unknown>)[info.path.key as string]
      : defaultFieldResolver(source, args, context, info);

  /**
   * The token with the selected fields, or null when the token is not stored (or hydration failed).
   * `market`: the market record the event carries, if any; the selection's market fields it can answer
   * are answered from it, without a query.
   */
  async hydrate(selection: TokenSelection, token: TokenRef, market?: EventMarket): Promise<HydratedToken | null> {
    if (!selection.needsHydration) return { chain: token.chain, address: token.address };
    const fromEvent = market ? selection.fromEvent : null;
    const perEventPart = fromEvent ? fromEvent.perEvent : selection.perEvent;
    const [metadata, perEvent] = await Promise.all([
      selection.metadata && this.hydrateMetadata(selection.metadata, token),
      perEventPart && this.query(perEventPart, token),
    ]);
    let hydrated: HydratedToken | null;
    if (metadata && perEvent) {
      if (!metadata.token || !perEvent.token) return null;
      hydrated = { ...metadata.token, ...perEvent.token };
      this.markHydrated(hydrated);
    } else {
      hydrated = (metadata ?? perEvent)?.token ?? null;
    }
    if (!fromEvent || !market) return hydrated;
    // Nothing else selected: an event object, read by field name (the market under any alias).
    if (!metadata && !perEvent) return { chain: token.chain, address: token.address, market: toMarketSource(market) };
    if (!hydrated) return null;
    // A hydrated object is read by response name: the market goes under each of its names, itself read by field name.
    const withMarket: HydratedToken = { ...hydrated };
    this.hydratedObjects.add(withMarket);
    const source = toMarketSource(market);
    for (const name of fromEvent.marketNames) withMarket[name] = source;
    return withMarket;
  }

  /**
   * Counters for /metrics. The `lasting_kept_*` names are label values of the public
   * memegraph_subscription_hydration_events metric (dashboards read them): kept as they are, though they
   * count the metadata part.
   */
  stats(): Record<string, number> {
    return { queries: this.calls, lasting_kept_hits: this.keptHits, lasting_kept_entries: this.kept.size };
  }

  /**
   * Drops the kept metadata of a token whose stored row was written (Topic.TOKEN_CHANGED), every selection's,
   * and keeps none of it for `changeGraceMs`: the next events hydrate it. A refresh in flight stores nothing.
   * Returns how many kept parts were dropped.
   */
  forget(token: TokenRef): number {
    const tokenKey = toTokenKey(token.chain, token.address);
    const now = performance.now();
    if (this.changed.size >= 10_000)
      for (const [key, until] of this.changed) if (until <= now) this.changed.delete(key);
    this.changed.set(tokenKey, now + (this.metadataCache.changeGraceMs ?? CHANGE_GRACE_MS));
    const prefix = `${tokenKey}\n`;
    let dropped = 0;
    for (const key of this.kept.keys()) {
      if (key.startsWith(prefix)) {
        this.kept.delete(key);
        dropped += 1;
      }
    }
    return dropped;
  }

  private markHydrated(value: unknown): void {
    if (typeof value !== 'object' || value === null || this.hydratedObjects.has(value)) return;
    this.hydratedObjects.add(value);
    for (const child of Object.values(value)) this.markHydrated(child);
  }

  private hydrateMetadata(part: SelectionPart, token: TokenRef): Promise<Hydration> {
    if (!this.keepsMetadata) return this.query(part, token);
    const { ttlMs } = this.metadataCache;
    const tokenKey = toTokenKey(token.chain, token.address);
    const now = performance.now();
    const changedUntil = this.changed.get(tokenKey);
    if (changedUntil !== undefined) {
      if (now < changedUntil) return this.query(part, token);
      this.changed.delete(tokenKey);
    }
    const key = `${tokenKey}\n${part.id}`;
    const kept = this.kept.get(key);
    if (kept && now - kept.at < ttlMs) {
      this.kept.delete(key); // least recently used first: re-inserted at the end
      this.kept.set(key, kept);
      this.keptHits += 1;
      if (!kept.refreshing && now - kept.at >= ttlMs / 2) this.refresh(key, kept, part, token);
      return kept.hydration;
    }
    // Concurrent misses share the one query.
    const fresh: Kept = { hydration: this.query(part, token), at: now, refreshing: false };
    this.keep(key, fresh);
    void fresh.hydration.then(({ keep }) => {
      if (!keep && this.kept.get(key) === fresh) this.kept.delete(key);
    });
    return fresh.hydration;
  }

  /**
   * Re-queries a kept part before it expires; until then the kept value serves. A failed refresh is not
   * retried: the value serves until it expires, and the next event after that queries again.
   */
  private refresh(key: string, kept: Kept, part: SelectionPart, token: TokenRef): void {
    kept.refreshing = true;
    const at = performance.now();
    void this.query(part, token).then((hydration) => {
      if (hydration.keep && this.kept.get(key) === kept)
        this.keep(key, { hydration: Promise.resolve(hydration), at, refreshing: false });
    });
  }

  /** Stores `kept` as the most recently used; drops expired entries from the least recently used end, then the LRU beyond maxEntries. */
  private keep(key: string, kept: Kept): void {
    this.kept.delete(key);
    this.kept.set(key, kept);
    const expiredBefore = performance.now() - this.metadataCache.ttlMs;
    for (const [oldest, entry] of this.kept) {
      if (entry.at >= expiredBefore && this.kept.size <= this.metadataCache.maxEntries) break;
      this.kept.delete(oldest);
    }
  }

  private query(part: SelectionPart, token: TokenRef): Promise<Hydration> {
    const batchKey = `${token.chain}\n${part.id}`;
    let batch = this.batches.get(batchKey);
    if (!batch) {
      const created: Batch = { part, chain: token.chain, waiters: new Map() };
      this.batches.set(batchKey, created);
      created.timer = setTimeout(() => this.close(batchKey, created), this.windowMs);
      batch = created;
    }
    const addressKey = toAddressCase(token.chain, token.address);
    const existing = batch.waiters.get(addressKey);
    if (existing) return existing.promise;
    let resolve!: (hydration: Hydration) => void;
    const promise = new Promise<Hydration>((r) => (resolve = r));
    batch.waiters.set(addressKey, { address: token.address, resolve, promise });
    // tokensByAddress takes at most 100 addresses: a full batch goes at once, the next token starts another.
    if (batch.waiters.size >= MAX_ADDRESSES_PER_CALL) this.close(batchKey, batch);
    return promise;
  }

  private close(batchKey: string, batch: Batch): void {
    clearTimeout(batch.timer);
    if (this.batches.get(batchKey) === batch) this.batches.delete(batchKey);
    void this.flush(batch);
  }

  private async flush(batch: Batch): Promise<void> {
    const waiters = [...batch.waiters.values()];
    this.calls += 1;
    try {
      const result = await this.run(toHydrationQuery(batch.part), {
        chain: batch.chain,
        addresses: waiters.map((w) => w.address),
      });
      const failed = Boolean(result.errors?.length);
      if (failed) this.log.warn({ errors: result.errors }, 'subscription hydration returned errors');
      const tokens = result.data?.tokensByAddress;
      // tokensByAddress answers in key order, null for an unknown token.
      waiters.forEach((waiter, i) => {
        const token = Array.isArray(tokens) ? ((tokens[i] as HydratedToken | null | undefined) ?? null) : null;
        this.markHydrated(token);
        waiter.resolve({ token, keep: token !== null && !failed });
      });
    } catch (error) {
      this.log.warn({ err: error }, 'subscription hydration failed');
      for (const waiter of waiters) waiter.resolve({ token: null, keep: false });
    }
  }
}
