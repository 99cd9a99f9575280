import type { Chain } from '../generated/resolvers.js';
import type { Source } from '../market/market-model.js';
import type { UpstreamClients } from '../polling/refresh-source.js';

/** Token metadata as one upstream reports it. */
export interface UpstreamTokenMetadata {
  name: string;
  symbol: string;
  decimals: number | null;
  imageUrl: string | null;
  source: Source;
}

/**
 * Looks a token up now: DexScreener's pairs carry name, symbol and image; Jupiter (Solana) adds
 * decimals or answers alone. Upstream failures count as "not known" here — the caller then asks the
 * admin for metadata instead of storing a guess.
 */
export async function lookupTokenMetadata(
  clients: Pick<UpstreamClients, 'DEXSCREENER' | 'JUPITER'>,
  chain: Chain,
  address: string,
): Promise<UpstreamTokenMetadata | null> {
  const [pools, quotes] = await Promise.all([
    clients.DEXSCREENER.getTokens(chain, [address]).then(
      (r) => r.pools,
      () => [],
    ),
    chain === 'SOLANA' ? clients.JUPITER.searchTokens(address).catch(() => []) : Promise.resolve([]),
  ]);
  const quote = quotes.find((q) => q.address === address && q.name && q.symbol);
  const pool = pools.find((p) => p.base.address === address && p.base.name && p.base.symbol);
  if (pool) {
    return {
      name: pool.base.name!,
      symbol: pool.base.symbol!,
      decimals: quote?.decimals ?? null,
      imageUrl: pool.imageUrl ?? quote?.imageUrl ?? null,
      source: 'DEXSCREENER',
    };
  }
  if (quote)
    return {
      name: quote.name!,
      symbol: quote.symbol!,
      decimals: quote.decimals,
      imageUrl: quote.imageUrl,
      source: 'JUPITER',
    };
  return null;
}
