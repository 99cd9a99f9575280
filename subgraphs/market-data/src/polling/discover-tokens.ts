import { Stream, type Streams } from '@memegraph/contracts';
import type { DurableStreamPort, Logger } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';
import type { PoolObservation } from '../model/market-model.js';
import { fromTokenKey, type TokenSetPort } from '../tracking/token-set.js';
import type { UpstreamClients } from '../upstreams/create-upstream-clients.js';

/** A token seen for the first time, as the tokens subgraph stores it. */
interface DiscoveredToken {
  chain: Chain;
  address: string;
  name: string;
  symbol: string;
  decimals: number | null;
  imageUrl: string | null;
  links: { kind: string; url: string }[];
  discoveredAt: string;
}

const fromPool = (pool: PoolObservation): DiscoveredToken | null =>
  pool.base.name && pool.base.symbol
    ? {
        chain: pool.chain,
        address: pool.base.address,
        name: pool.base.name,
        symbol: pool.base.symbol,
        decimals: null,
        imageUrl: pool.imageUrl,
        links: [],
        discoveredAt: pool.fetchedAt,
      }
    : null;

/**
 * One discovery round: GeckoTerminal trending and new pools, DexScreener boosts and profiles. Tokens not
 * seen before join the discovered set (polled after demand, before the rest) and go on the durable
 * `tokens.discovered` stream so the tokens subgraph stores them. Profiles and boosts carry no name or
 * symbol, so those tokens are looked up on DexScreener first. Each source failing only skips its part.
 */
export async function discoverTokens(
  chains: readonly Chain[],
  deps: { clients: UpstreamClients; tokens: TokenSetPort; stream: DurableStreamPort<Streams>; log: Logger },
): Promise<number> {
  const { clients, log } = deps;
  const attempt = async <T>(what: string, work: () => Promise<T[]>): Promise<T[]> =>
    work().catch((error: Error) => {
      log.info({ what, err: error.message }, 'discovery source failed this round');
      return [];
    });
  const pools = (
    await Promise.all(
      chains.flatMap((chain) => [
        attempt('geckoterminal trending', () => clients.GECKOTERMINAL.getTrendingPools(chain)),
        attempt('geckoterminal new pools', () => clients.GECKOTERMINAL.getNewPools(chain)),
      ]),
    )
  ).flat();
  const listed = (
    await Promise.all([
      attempt('dexscreener boosts', () => clients.DEXSCREENER.getLatestBoosts()),
      attempt('dexscreener profiles', () => clients.DEXSCREENER.getLatestProfiles()),
    ])
  )
    .flat()
    .filter((d) => chains.includes(d.chain));

  const candidates = new Map<string, DiscoveredToken | null>();
  for (const pool of pools) candidates.set(`${pool.chain}:${pool.base.address}`, fromPool(pool));
  for (const item of listed)
    if (!candidates.has(`${item.chain}:${item.address}`)) candidates.set(`${item.chain}:${item.address}`, null);
  const added = await deps.tokens.addDiscovered([...candidates.keys()]);
  if (added.length === 0) return 0;

  // Look up metadata of new tokens that came without it (boosts, profiles), per chain.
  const missing = added.filter((key) => !candidates.get(key));
  const byChain = new Map<Chain, string[]>();
  for (const key of missing) {
    const { chain, address } = fromTokenKey(key);
    byChain.set(chain as Chain, [...(byChain.get(chain as Chain) ?? []), address]);
  }
  for (const [chain, addresses] of byChain) {
    const found = await attempt(
      'dexscreener tokens',
      async () => (await clients.DEXSCREENER.getTokens(chain, addresses)).pools,
    );
    for (const pool of found) {
      const key = `${pool.chain}:${pool.base.address}`;
      if (!candidates.get(key)) candidates.set(key, fromPool(pool));
    }
  }
  const tokens = added.map((key) => candidates.get(key)).filter((t): t is DiscoveredToken => Boolean(t));
  for (let i = 0; i < tokens.length; i += 500)
    await deps.stream.append(Stream.TOKENS_DISCOVERED, tokens.slice(i, i + 500));
  log.info({ discovered: added.length, stored: tokens.length }, 'discovered new tokens');
  return added.length;
}
