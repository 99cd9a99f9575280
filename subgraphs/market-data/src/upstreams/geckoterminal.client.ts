import type { Chain, ObservationBundle, PoolObservation, TokenQuoteObservation } from '../model/market-model.js';
import {
  geckoTerminalNetworks,
  toGeckoTerminalPoolObservations,
  toGeckoTerminalTokenObservation,
  toGeckoTerminalTokenObservations,
} from './geckoterminal.schema.js';
import {
  OHLCV_MAX_LIMIT,
  getOhlcvWidthMs,
  toGeckoTerminalOhlcv,
  type OhlcvCandle,
  type OhlcvTimeframe,
} from './geckoterminal-ohlcv.schema.js';
import { toChunks, UpstreamClient, type RequestPriority, type UpstreamAdapterOptions } from './upstream-client.js';
import { toCanonicalAddress } from './upstream-schema.js';
import { toTokenFacts, type TokenFacts, type UpstreamSource } from './upstream-source.js';

/** Documented public base URL (GECKOTERMINAL_BASE_URL overrides it). */
export const GECKOTERMINAL_DEFAULT_BASE_URL = 'https://api.geckoterminal.com/api/v2';

/** `/tokens/multi` accepts at most 30 addresses on the public plan. */
export const GECKOTERMINAL_MAX_ADDRESSES = 30;

/** Token quotes and their top pools from `/tokens/multi`. */
export interface GeckoTerminalTokens {
  tokens: TokenQuoteObservation[];
  pools: PoolObservation[];
}

/** GeckoTerminal adapter; every endpoint shares one budget (30/min documented). */
export class GeckoTerminalClient implements UpstreamSource {
  readonly source = 'GECKOTERMINAL';
  readonly http: UpstreamClient;

  constructor(options: UpstreamAdapterOptions) {
    this.http = new UpstreamClient({
      ...options,
      source: 'GECKOTERMINAL',
      baseUrl: options.baseUrl ?? GECKOTERMINAL_DEFAULT_BASE_URL,
      // The documented way to pin the response format of this API version.
      headers: { accept: 'application/json;version=20230302' },
    });
  }

  /** Every chain GeckoTerminal has a network for. */
  serves(chain: Chain): boolean {
    return chain in geckoTerminalNetworks;
  }

  /** A refresh: token-level quotes plus each token's most liquid pool. */
  async observe(chain: Chain, addresses: readonly string[]): Promise<ObservationBundle> {
    const { tokens, pools } = await this.getTokensMulti(chain, addresses);
    return { pools, quotes: tokens };
  }

  /** Name, symbol, decimals and image of one token, when GeckoTerminal names it. */
  async lookupToken(chain: Chain, address: string, requestId?: string): Promise<TokenFacts> {
    return toTokenFacts(await this.getToken(chain, address, 'on-demand', requestId));
  }

  /**
   * Token-level quotes plus each token's most liquid pool (`/tokens/multi/{addresses}?include=top_pools`),
   * in calls of at most 30 addresses. Unknown addresses are ignored by the API. Any failed call fails all.
   */
  async getTokensMulti(chain: Chain, addresses: readonly string[]): Promise<GeckoTerminalTokens> {
    const wanted = [...new Set(addresses.map((a) => toCanonicalAddress(chain, a)))];
    const results = await Promise.all(
      toChunks(wanted, GECKOTERMINAL_MAX_ADDRESSES).map((chunk) =>
        this.http.get({
          endpoint: 'tokens-multi',
          endpointClass: 'default',
          path: `networks/${geckoTerminalNetworks[chain]}/tokens/multi/${chunk.join(',')}`,
          searchParams: { include: 'top_pools' },
          parse: toGeckoTerminalTokenObservations,
        }),
      ),
    );
    return { tokens: results.flatMap((r) => r.tokens), pools: results.flatMap((r) => r.pools) };
  }

  /**
   * One token (`/networks/{network}/tokens/{address}`): name, symbol, decimals, image and token-level
   * market figures; null when GeckoTerminal does not know it (404).
   */
  async getToken(
    chain: Chain,
    address: string,
    priority: RequestPriority = 'background',
    requestId?: string,
  ): Promise<TokenQuoteObservation | null> {
    const result = await this.http.get({
      endpoint: 'token',
      endpointClass: 'default',
      path: `networks/${geckoTerminalNetworks[chain]}/tokens/${toCanonicalAddress(chain, address)}`,
      parse: toGeckoTerminalTokenObservation,
      notFound: () => ({ token: null, dropped: 0 }),
      priority,
      requestId,
    });
    return result.token;
  }

  /**
   * One page of a pool's USD candles of `timeframe` × `aggregate`, oldest first, opening before
   * `beforeMs` (newest when null), at most `limit` (≤ 1000) of them; on the backfill budget (see
   * upstream-budget.ts), and how many malformed rows were dropped (see toGeckoTerminalOhlcv). Null when
   * GeckoTerminal does not know the pool (404).
   */
  async getPoolOhlcv(
    chain: Chain,
    pool: string,
    page: { timeframe: OhlcvTimeframe; aggregate: number; beforeMs: number | null; limit: number },
  ): Promise<{ candles: OhlcvCandle[]; dropped: number } | null> {
    const { timeframe, aggregate, beforeMs, limit } = page;
    const widthMs = getOhlcvWidthMs(timeframe, aggregate);
    const result = await this.http.get({
      endpoint: 'pool-ohlcv',
      endpointClass: 'default',
      path: `networks/${geckoTerminalNetworks[chain]}/pools/${toCanonicalAddress(chain, pool)}/ohlcv/${timeframe}`,
      searchParams: {
        aggregate: String(aggregate),
        limit: String(Math.min(OHLCV_MAX_LIMIT, Math.max(1, limit))),
        currency: 'usd',
        token: 'base',
        ...(beforeMs === null ? {} : { before_timestamp: String(Math.floor(beforeMs / 1000)) }),
      },
      parse: (body): { page: { candles: OhlcvCandle[]; dropped: number } | null; dropped: number } => {
        const page = toGeckoTerminalOhlcv(body, widthMs);
        return { page, dropped: page.dropped };
      },
      notFound: () => ({ page: null, dropped: 0 }),
      priority: 'backfill',
    });
    return result.page;
  }

  /** One page (1–10, 20 pools each) of the chain's trending pools. */
  async getTrendingPools(chain: Chain, page = 1): Promise<PoolObservation[]> {
    return this.#pools('trending-pools', `networks/${geckoTerminalNetworks[chain]}/trending_pools`, page);
  }

  /** One page of the chain's newest pools. */
  async getNewPools(chain: Chain, page = 1): Promise<PoolObservation[]> {
    return this.#pools('new-pools', `networks/${geckoTerminalNetworks[chain]}/new_pools`, page);
  }

  async #pools(endpoint: string, path: string, page: number): Promise<PoolObservation[]> {
    const result = await this.http.get({
      endpoint,
      endpointClass: 'default',
      path,
      searchParams: { include: 'base_token,quote_token,dex', page: String(page) },
      parse: toGeckoTerminalPoolObservations,
    });
    return result.pools;
  }
}
