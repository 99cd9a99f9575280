import type { Chain, ObservationBundle, Source, TokenQuoteObservation } from '../model/market-model.js';

/** What one source knows of a token's metadata; null when it does not know the token. */
export type TokenFacts = {
  name: string;
  symbol: string;
  decimals: number | null;
  imageUrl: string | null;
} | null;

/**
 * One upstream source as the rest of the service sees it. Each adapter (DexScreener, GeckoTerminal, Jupiter)
 * implements it and keeps its own rules inside: which chains it serves, which endpoints a refresh and a
 * lookup use, and what their answers mean. Failures are UpstreamErrors (upstream-error.ts).
 */
export interface UpstreamSource {
  readonly source: Source;
  /** Whether the source knows this chain at all (Jupiter: Solana only). */
  serves(chain: Chain): boolean;
  /**
   * What the source says now about these tokens of one chain (a polling refresh, background budget): its
   * pools and token quotes, nothing for a chain it does not serve. Any failed call fails the whole refresh.
   */
  observe(chain: Chain, addresses: readonly string[]): Promise<ObservationBundle>;
  /**
   * What the source knows of one token's metadata, asked on the on-demand budget (a person is waiting) for
   * request `requestId` (sent as `x-request-id`).
   */
  lookupToken(chain: Chain, address: string, requestId?: string): Promise<TokenFacts>;
}

/** One adapter per source. */
export type UpstreamSources = Record<Source, UpstreamSource>;

/** The metadata a token quote carries, when it names the token. */
export const toTokenFacts = (quote: TokenQuoteObservation | null | undefined): TokenFacts =>
  quote?.name && quote.symbol
    ? { name: quote.name, symbol: quote.symbol, decimals: quote.decimals, imageUrl: quote.imageUrl }
    : null;
