import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';
import type { Logger } from '@memegraph/infra';
import { toAddressKey } from './subscriber-index.js';
import { toHydrationQuery, type TokenSelection } from './token-selection.js';
import type { TokenRef } from './token-ref.js';

/** Runs one operation through the gateway's own query planning. */
export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
  operationName?: string,
) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly unknown[] }>;

/** A token object as the hydration query returned it: keyed by response name (alias or field name). */
export type HydratedToken = Record<string, unknown>;

/*
 * Objects that came back from a hydration query are keyed by the subscriber's response names, so the
 * subscription's own execution reads them by response name; event objects are read by field name.
 */
const hydratedObjects = new WeakSet<object>();

function markHydrated(value: unknown): void {
  if (typeof value !== 'object' || value === null || hydratedObjects.has(value)) return;
  hydratedObjects.add(value);
  for (const child of Object.values(value)) markHydrated(child);
}

/** Field resolver for executing a subscription over an event whose token was hydrated. */
export const resolveHydratedField: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
  typeof source === 'object' && source !== null && hydratedObjects.has(source)
    ? (source as Record<string, unknown>)[info.path.key as string]
    : defaultFieldResolver(source, args, context, info);

/** The most addresses Query.tokensByAddress accepts per call (its contract). */
const MAX_ADDRESSES_PER_CALL = 100;

interface Batch {
  selection: TokenSelection;
  chain: string;
  timer?: NodeJS.Timeout;
  waiters: Map<
    string,
    { address: string; resolve: (token: HydratedToken | null) => void; promise: Promise<HydratedToken | null> }
  >;
}

/**
 * Resolves the Token fields subscribers select: one tokensByAddress query per chain and distinct selection
 * for all tokens requested within `windowMs`, shared by every subscriber with that selection.
 */
export class TokenHydrator {
  private readonly batches = new Map<string, Batch>();
  /** Hydration queries run so far (for tests and metrics). */
  calls = 0;

  constructor(
    private readonly run: RunQuery,
    private readonly windowMs: number,
    private readonly log: Logger,
  ) {}

  /** The token with the selected fields, or null when the token is not stored (or hydration failed). */
  hydrate(selection: TokenSelection, token: TokenRef): Promise<HydratedToken | null> {
    if (!selection.needsHydration) return Promise.resolve({ chain: token.chain, address: token.address });
    const batchKey = `${token.chain}\n${selection.key}`;
    let batch = this.batches.get(batchKey);
    if (!batch) {
      const created: Batch = { selection, chain: token.chain, waiters: new Map() };
      this.batches.set(batchKey, created);
      created.timer = setTimeout(() => this.close(batchKey, created), this.windowMs);
      batch = created;
    }
    const addressKey = toAddressKey(token.chain, token.address);
    const existing = batch.waiters.get(addressKey);
    if (existing) return existing.promise;
    let resolve!: (token: HydratedToken | null) => void;
    const promise = new Promise<HydratedToken | null>((r) => (resolve = r));
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
      const result = await this.run(toHydrationQuery(batch.selection), {
        chain: batch.chain,
        addresses: waiters.map((w) => w.address),
      });
      if (result.errors?.length) this.log.warn({ errors: result.errors }, 'subscription hydration returned errors');
      const tokens = result.data?.tokensByAddress;
      // tokensByAddress answers in key order, null for an unknown token.
      waiters.forEach((waiter, i) => {
        const token = Array.isArray(tokens) ? (tokens[i] as HydratedToken | null | undefined) : undefined;
        markHydrated(token);
        waiter.resolve(token ?? null);
      });
    } catch (error) {
      this.log.warn({ err: error }, 'subscription hydration failed');
      for (const waiter of waiters) waiter.resolve(null);
    }
  }
}
