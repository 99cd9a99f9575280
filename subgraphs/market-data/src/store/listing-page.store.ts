import { createHash } from 'node:crypto';
import type { TwoLevelCache } from '@memegraph/infra';

/** A page of Query.tokens as kept: its tokens (keys) and their cursors, and what the connection says around them. */
export interface ListingPage {
  tokenKeys: string[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

/** Settings of {@link ListingPageStore}. */
export interface ListingPageStoreOptions {
  cache: TwoLevelCache;
  /** How long a computed page is served (0: never kept). */
  ttlMs: number;
  /** Most pages kept parsed in process (least recently parsed go first). */
  maxParsed?: number;
  now?: () => number;
}

interface StoredPage extends ListingPage {
  /** When the page was computed (ms). */
  at: number;
}

/**
 * Ranked pages of Query.tokens shared by every instance, so a listing does not read and rank every listed
 * record on each request: a page computed by any instance is served for LISTING_PAGE_TTL_MS after it was
 * computed (the time travels with it, whichever cache level answers), keyed by the query (filter, sort,
 * first, after). Only the order, the membership and the counts can be that old: the records on the page are
 * read from the market store on each request by the caller. Kept in the market cache (L1 + Redis) under
 * `md:page:{hash}`; a page is parsed once per stored value.
 */
export class ListingPageStore {
  private readonly now: () => number;
  private readonly maxParsed: number;
  private readonly parsed = new Map<string, { value: string; page: StoredPage }>();

  constructor(private readonly options: ListingPageStoreOptions) {
    this.now = options.now ?? Date.now;
    this.maxParsed = options.maxParsed ?? 256;
  }

  /** Whether pages are kept at all. */
  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  private cacheKey = (query: string) => `md:page:{${createHash('sha1').update(query).digest('base64url')}}`;

  /** The page of `query` computed at most the TTL ago, else null. */
  async get(query: string): Promise<ListingPage | null> {
    if (!this.enabled) return null;
    const key = this.cacheKey(query);
    const { value } = await this.options.cache.get(key);
    if (!value) return null;
    let entry = this.parsed.get(key);
    if (entry?.value !== value) {
      entry = { value, page: JSON.parse(value) as StoredPage };
      this.parsed.delete(key);
      this.parsed.set(key, entry);
      for (const oldest of this.parsed.keys()) {
        if (this.parsed.size <= this.maxParsed) break;
        this.parsed.delete(oldest);
      }
    }
    return this.now() - entry.page.at <= this.options.ttlMs ? entry.page : null;
  }

  /** Keeps the page just computed for `query`. */
  async put(query: string, page: ListingPage): Promise<void> {
    if (!this.enabled) return;
    const stored: StoredPage = { ...page, at: this.now() };
    await this.options.cache.set(this.cacheKey(query), JSON.stringify(stored), Math.ceil(this.options.ttlMs / 1000));
  }
}
