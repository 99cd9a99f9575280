import type { Chain, ObservationBundle, PoolObservation } from '../model/market-model.js';
import {
  dexScreenerChainIds,
  toDexScreenerDiscoveries,
  toDexScreenerPoolObservations,
  type DexScreenerDiscovery,
  type DexScreenerPools,
} from './dexscreener.schema.js';
import { toChunks, UpstreamClient, type RequestPriority, type UpstreamAdapterOptions } from './upstream-client.js';
import { toCanonicalAddress } from './upstream-schema.js';
import type { TokenFacts, UpstreamSource } from './upstream-source.js';

/** Documented public base URL (DEXSCREENER_BASE_URL overrides it). */
export const DEXSCREENER_DEFAULT_BASE_URL = 'https://api.dexscreener.com';

/** `/tokens/v1` accepts at most 30 comma-separated addresses. */
export const DEXSCREENER_MAX_ADDRESSES = 30;

/**
 * DexScreener adapter. Token, pair and search endpoints draw from the `pairs` budget (300/min documented);
 * latest profiles and boosts from `discovery` (60/min).
 */
export class DexScreenerClient implements UpstreamSource {
  readonly source = 'DEXSCREENER';
  readonly http: UpstreamClient;

  constructor(options: UpstreamAdapterOptions) {
    this.http = new UpstreamClient({
      ...options,
      source: 'DEXSCREENER',
      baseUrl: options.baseUrl ?? DEXSCREENER_DEFAULT_BASE_URL,
    });
  }

  /**
   * Pools of the given tokens where each is the base token (`/tokens/v1/{chainId}/{addresses}`), in calls of
   * at most 30 addresses. Unknown tokens are simply absent. Pools where a requested token is the quote side
   * come back in `otherPools`. Any failed call fails the whole request.
   */
  async getTokens(
    chain: Chain,
    addresses: readonly string[],
    priority: RequestPriority = 'background',
    requestId?: string,
  ): Promise<DexScreenerPools> {
    const wanted = [...new Set(addresses.map((a) => toCanonicalAddress(chain, a)))];
    const results = await Promise.all(
      toChunks(wanted, DEXSCREENER_MAX_ADDRESSES).map((chunk) =>
        this.http.get({
          endpoint: 'tokens',
          endpointClass: 'pairs',
          path: `tokens/v1/${dexScreenerChainIds[chain]}/${chunk.join(',')}`,
          parse: (body, fetchedAt) => toDexScreenerPoolObservations(body, fetchedAt, { baseAddresses: chunk }),
          priority,
          requestId,
        }),
      ),
    );
    return {
      pools: results.flatMap((r) => r.pools),
      otherPools: results.flatMap((r) => r.otherPools),
      dropped: results.reduce((sum, r) => sum + r.dropped, 0),
    };
  }

  /** Every chain DexScreener has an id for. */
  serves(chain: Chain): boolean {
    return chain in dexScreenerChainIds;
  }

  /** A refresh: the tokens' pools where each is the base token; DexScreener reports no token-level quotes. */
  async observe(chain: Chain, addresses: readonly string[]): Promise<ObservationBundle> {
    return { pools: (await this.getTokens(chain, addresses)).pools, quotes: [] };
  }

  /**
   * Name, symbol and image from a pool where the token is the base side and is named; DexScreener has no
   * decimals.
   */
  async lookupToken(chain: Chain, address: string, requestId?: string): Promise<TokenFacts> {
    const { pools } = await this.getTokens(chain, [address], 'on-demand', requestId);
    const pool = pools.find((p) => p.base.address === address && p.base.name && p.base.symbol);
    return pool ? { name: pool.base.name!, symbol: pool.base.symbol!, decimals: null, imageUrl: pool.imageUrl } : null;
  }

  /** Every pool of one token where it is the base token (`/token-pairs/v1/{chainId}/{address}`). */
  async getTokenPairs(chain: Chain, address: string): Promise<DexScreenerPools> {
    const canonical = toCanonicalAddress(chain, address);
    return this.http.get({
      endpoint: 'token-pairs',
      endpointClass: 'pairs',
      path: `token-pairs/v1/${dexScreenerChainIds[chain]}/${canonical}`,
      parse: (body, fetchedAt) => toDexScreenerPoolObservations(body, fetchedAt, { baseAddresses: [canonical] }),
    });
  }

  /** Pairs matching a free-text query on the supported chains (`/latest/dex/search`, about 30 at most). */
  async search(query: string): Promise<PoolObservation[]> {
    const result = await this.http.get({
      endpoint: 'search',
      endpointClass: 'pairs',
      path: 'latest/dex/search',
      searchParams: { q: query },
      parse: (body, fetchedAt) => toDexScreenerPoolObservations(body, fetchedAt),
    });
    return result.pools;
  }

  /** Tokens with a newly created profile (`/token-profiles/latest/v1`). */
  async getLatestProfiles(): Promise<DexScreenerDiscovery[]> {
    return this.#discover('token-profiles/latest/v1', 'PROFILE');
  }

  /** Tokens with the latest boosts (`/token-boosts/latest/v1`). */
  async getLatestBoosts(): Promise<DexScreenerDiscovery[]> {
    return this.#discover('token-boosts/latest/v1', 'BOOST');
  }

  async #discover(path: string, kind: DexScreenerDiscovery['kind']): Promise<DexScreenerDiscovery[]> {
    const result = await this.http.get({
      endpoint: kind === 'PROFILE' ? 'latest-profiles' : 'latest-boosts',
      endpointClass: 'discovery',
      path,
      parse: (body, fetchedAt) => toDexScreenerDiscoveries(body, kind, fetchedAt),
    });
    return result.discoveries;
  }
}
