import type { HistoryWindow } from '@memegraph/contracts';
import type { TwoLevelCache } from '@memegraph/infra';

/** A token's D7 values (TokenMarket's D7 window); null values while its stored history is shorter than 7 days. */
export interface D7Window {
  volumeUsd: number | null;
  priceChangePct: number | null;
}

/** What is kept per token: the window and its start, so an older window never replaces a newer one. */
interface StoredWindow extends D7Window {
  from: string;
}

/**
 * The 7-day windows of stored history that the tokens subgraph hands over (`history.windows`) after recording
 * each snapshot batch, kept beside the records in the two-level cache (`md:d7:{CHAIN:address}`, the record's
 * hash tag) for STALE_MAX_SECONDS. Freshness: a window ends when tokens recorded the token's latest snapshot
 * batch (one poll round behind the live record at most, as the stored candles are); another instance sees a
 * new window once its L1 entry expires. A token without one (no snapshot recorded since it expired) has null
 * D7 values, never 24h × 7.
 */
export class HistoryWindowStore {
  constructor(
    private readonly cache: TwoLevelCache,
    private readonly ttlSeconds: number,
  ) {}

  private key = (tokenKey: string) => `md:d7:{${tokenKey}}`;

  /** Windows of these tokens (null where none is kept), in order, with one cache round trip. */
  async getMany(tokenKeys: readonly string[]): Promise<(D7Window | null)[]> {
    const hits = await this.cache.getMany(tokenKeys.map(this.key));
    return hits.map(({ value }) => {
      if (!value) return null;
      const { volumeUsd, priceChangePct } = JSON.parse(value) as D7Window;
      return { volumeUsd, priceChangePct };
    });
  }

  /**
   * Keeps the windows tokens computed, unless a newer one (a later `from`) is already kept: a message
   * redelivered late must not put an older window back. (Read, then write: two instances writing the same
   * token at once may still race; the next batch puts the newest back.)
   */
  async putMany(windows: readonly HistoryWindow[]): Promise<void> {
    const keys = windows.map((w) => this.key(`${w.chain}:${w.address}`));
    const kept = await this.cache.getMany(keys);
    await Promise.all(
      windows.map((w, i) => {
        const value = kept[i]?.value;
        const current = value ? (JSON.parse(value) as Partial<StoredWindow>) : undefined;
        if (current?.from !== undefined && Date.parse(current.from) > Date.parse(w.from)) return undefined;
        const stored: StoredWindow = { volumeUsd: w.volumeUsd, priceChangePct: w.priceChangePct, from: w.from };
        return this.cache.set(keys[i]!, JSON.stringify(stored), this.ttlSeconds);
      }),
    );
  }
}
