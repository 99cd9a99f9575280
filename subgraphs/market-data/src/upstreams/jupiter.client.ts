import type { Chain, ObservationBundle, TokenQuoteObservation } from '../model/market-model.js';
import { toJupiterPriceObservations, toJupiterTokenObservations } from './jupiter.schema.js';
import { toChunks, UpstreamClient, type RequestPriority, type UpstreamAdapterOptions } from './upstream-client.js';
import { toTokenFacts, type TokenFacts, type UpstreamSource } from './upstream-source.js';

/** Documented base URL (JUPITER_BASE_URL overrides it). */
export const JUPITER_DEFAULT_BASE_URL = 'https://api.jup.ag';

/** `/price/v3` accepts at most 50 ids. */
export const JUPITER_MAX_PRICE_IDS = 50;

/** Options of {@link JupiterClient}. */
export interface JupiterClientOptions extends UpstreamAdapterOptions {
  /** Sent as `x-api-key` when set (raises the documented limit from 30 to 60/min). */
  apiKey?: string | undefined;
}

/** Jupiter adapter (Solana only); all its APIs share one budget per account. */
export class JupiterClient implements UpstreamSource {
  readonly source = 'JUPITER';
  readonly http: UpstreamClient;

  constructor(options: JupiterClientOptions) {
    const { apiKey, ...rest } = options;
    this.http = new UpstreamClient({
      ...rest,
      source: 'JUPITER',
      baseUrl: options.baseUrl ?? JUPITER_DEFAULT_BASE_URL,
      headers: apiKey ? { 'x-api-key': apiKey } : {},
    });
  }

  /** Jupiter knows Solana mints only. */
  serves(chain: Chain): boolean {
    return chain === 'SOLANA';
  }

  /** A refresh: USD prices of the mints (token-level quotes); nothing for another chain. */
  async observe(chain: Chain, addresses: readonly string[]): Promise<ObservationBundle> {
    return this.serves(chain) ? { pools: [], quotes: await this.getPrices(addresses) } : { pools: [], quotes: [] };
  }

  /** Name, symbol, decimals and image of one mint from token search; null for another chain. */
  async lookupToken(chain: Chain, address: string, requestId?: string): Promise<TokenFacts> {
    if (!this.serves(chain)) return null;
    const quotes = await this.searchTokens(address, 'on-demand', requestId);
    return toTokenFacts(quotes.find((q) => q.address === address));
  }

  /**
   * USD prices of Solana mints (`/price/v3?ids=`), in calls of at most 50. Mints Jupiter cannot price
   * reliably are absent from the result: unknown, not zero. Any failed call fails all.
   */
  async getPrices(addresses: readonly string[]): Promise<TokenQuoteObservation[]> {
    const results = await Promise.all(
      toChunks([...new Set(addresses)], JUPITER_MAX_PRICE_IDS).map((chunk) =>
        this.http.get({
          endpoint: 'price',
          endpointClass: 'default',
          path: 'price/v3',
          searchParams: { ids: chunk.join(',') },
          parse: toJupiterPriceObservations,
        }),
      ),
    );
    return results.flatMap((r) => r.quotes);
  }

  /**
   * Token search (`/tokens/v2/search?query=`): a text query, or up to 100 comma-separated mints. Carries
   * name, symbol, market cap and the 24 h volume that price v3 lacks.
   */
  async searchTokens(
    query: string,
    priority: RequestPriority = 'background',
    requestId?: string,
  ): Promise<TokenQuoteObservation[]> {
    const result = await this.http.get({
      endpoint: 'tokens-search',
      endpointClass: 'default',
      path: 'tokens/v2/search',
      searchParams: { query },
      parse: toJupiterTokenObservations,
      priority,
      requestId,
    });
    return result.quotes;
  }
}
