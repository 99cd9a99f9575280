/**
 * The fixed data set of the gateway benchmark: BENCH_TOKEN_COUNT tokens in a fresh tokens database and a
 * market record for each in market-data's Redis cache (written through its own store), the first
 * `listed` of them tracked (what Query.tokens ranks). Every value derives from the token's index.
 */
import pg from 'pg';
import { createRedisCache, createTwoLevelCache } from '@memegraph/infra';
import { Redis } from 'ioredis';
import { MarketStore } from '../../../subgraphs/market-data/src/store/market-store.js';
import type { MarketRecord } from '../../../subgraphs/market-data/src/model/market-model.js';
import { createRedisTokenSet } from '../../../subgraphs/market-data/src/tracking/token-set.js';

/** A seeded token and the market values the bench expects for it. */
export interface BenchToken {
  address: string;
  symbol: string;
  name: string;
  decimals: number;
  tracked: boolean;
  priceUsd: number;
  volumeUsd24h: number;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Words the names are made of; the search terms of the query mix come from here. */
export const BENCH_WORDS = 'pepe bonk doge frog moon shib floki brett mog wojak'.split(' ');

/** A base58 address that encodes `i` (fixed width, so no two indexes share one). */
export function toBenchAddress(prefix: string, i: number): string {
  let digits = '';
  for (let n = i; n > 0 || digits === ''; n = Math.floor(n / 58)) digits = BASE58[n % 58] + digits;
  return `${prefix}${digits.padStart(5, '1')}`.padEnd(44, 'x');
}

/** The `count` tokens of the data set; the first `listed` are tracked. */
export function createBenchTokens(count: number, listed: number): BenchToken[] {
  return Array.from({ length: count }, (_, i) => {
    const word = BENCH_WORDS[i % BENCH_WORDS.length]!;
    return {
      address: toBenchAddress('MGbench', i),
      symbol: `${word}${i}`.toUpperCase(),
      name: `${word[0]!.toUpperCase()}${word.slice(1)} ${i}`,
      decimals: i % 5 === 0 ? 9 : 6,
      tracked: i < listed,
      priceUsd: Number((1e-6 * (1 + ((i * 7919) % 100_000))).toPrecision(6)),
      volumeUsd24h: 1_000 + ((i * 104_729) % 5_000_000),
    };
  });
}

/** Inserts the tokens into the (migrated) tokens database. */
export async function seedTokensDatabase(databaseUrl: string, tokens: BenchToken[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO tokens (chain, address, name, symbol, decimals, image_url, tracked)
       SELECT 'SOLANA', a, n, s, d, NULL, t
       FROM unnest($1::varchar[], $2::text[], $3::text[], $4::smallint[], $5::boolean[]) AS x(a, n, s, d, t)`,
      [
        tokens.map((t) => t.address),
        tokens.map((t) => t.name),
        tokens.map((t) => t.symbol),
        tokens.map((t) => t.decimals),
        tokens.map((t) => t.tracked),
      ],
    );
  } finally {
    await client.end();
  }
}

/** The merged market record market-data serves for a bench token (one pool, two sources). */
export function toMarketRecord(token: BenchToken, at: string): MarketRecord {
  const liquidityUsd = Math.round(token.volumeUsd24h / 3);
  return {
    chain: 'SOLANA',
    address: token.address,
    name: token.name,
    symbol: token.symbol,
    imageUrl: null,
    priceUsd: token.priceUsd,
    priceNative: token.priceUsd / 150,
    marketCapUsd: Math.round(token.priceUsd * 9e8),
    fdvUsd: Math.round(token.priceUsd * 1e9),
    liquidityUsd,
    priceSpreadPct: 0.1,
    volumeUsd: { H24: token.volumeUsd24h, H1: Math.round(token.volumeUsd24h / 24) },
    priceChangePct: { H24: (token.volumeUsd24h % 200) - 100, H1: 1 },
    txns: { H24: { buys: 100, sells: 90 } },
    suspectVolume: false,
    updatedAt: at,
    sources: [
      {
        source: 'DEXSCREENER',
        priceUsd: token.priceUsd,
        liquidityUsd,
        volumeUsd24h: token.volumeUsd24h,
        fetchedAt: at,
      },
      { source: 'JUPITER', priceUsd: token.priceUsd, liquidityUsd, volumeUsd24h: null, fetchedAt: at },
    ],
    pools: [
      {
        address: toBenchAddress('MGpool', Number.parseInt(token.symbol.replace(/\D/g, ''), 10)),
        dex: 'raydium',
        quoteSymbol: 'SOL',
        priceUsd: token.priceUsd,
        liquidityUsd,
        volumeUsd: { H24: token.volumeUsd24h },
        txns: { H24: { buys: 100, sells: 90 } },
        createdAt: null,
        url: null,
        sources: ['DEXSCREENER'],
      },
    ],
  };
}

/**
 * Writes every token's market record into market-data's Redis cache under `prefix` through MarketStore
 * (the store market-data reads), and marks the tracked ones in its token set. Records are stamped now:
 * the bench's market-data runs with a CACHE_TTL_SECONDS longer than the run, so none turns stale.
 */
export async function warmMarketCache(redisUrl: string, prefix: string, tokens: BenchToken[]): Promise<void> {
  const redis = new Redis(redisUrl);
  const cache = createTwoLevelCache({
    l1: { maxEntries: 1, ttlSeconds: 1 },
    l2: createRedisCache(redis, prefix),
    l2TtlSeconds: 7200,
  });
  const store = new MarketStore({ cache, ttlSeconds: 3600, staleMaxSeconds: 7200 });
  const set = createRedisTokenSet(redis, prefix);
  const at = new Date().toISOString();
  try {
    for (let i = 0; i < tokens.length; i += 500) {
      await Promise.all(tokens.slice(i, i + 500).map((token) => store.putRecord(toMarketRecord(token, at))));
    }
    for (const token of tokens.filter((t) => t.tracked)) await set.setTracked(`SOLANA:${token.address}`, true);
  } finally {
    await cache.close();
    await redis.quit();
  }
}

/** Deletes every Redis key of the run. */
export async function clearRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 1000) await redis.del(...keys.slice(i, i + 1000));
  await redis.quit();
}

/** Tokens settings of the benches: queue rather than shed load (SERVICE_BUSY), since they measure gateways. */
export const BENCH_TOKENS_ENV = {
  TOKENS_HOST: '127.0.0.1',
  DATABASE_MAX_WAITING: '5000',
  DATABASE_ACQUIRE_TIMEOUT_MS: '60000',
  DATABASE_STATEMENT_TIMEOUT_MS: '60000',
};

/**
 * market-data settings of the benches: polling off and upstreams at a closed port, so it serves the cache
 * warmed under `prefix` (warmMarketCache) on `redisUrl` only. BENCH_LISTING_PAGE_TTL_MS, when set, is its
 * LISTING_PAGE_TTL_MS (0: every listing ranks every record; for A/B runs).
 */
export function toBenchMarketDataEnv(redisUrl: string, prefix: string): Record<string, string> {
  const nowhere = 'http://127.0.0.1:9';
  return {
    MARKET_DATA_HOST: '127.0.0.1',
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    POLLING_ENABLED: 'false',
    CACHE_TTL_SECONDS: '3600',
    STALE_MAX_SECONDS: '7200',
    DEXSCREENER_BASE_URL: nowhere,
    GECKOTERMINAL_BASE_URL: nowhere,
    JUPITER_BASE_URL: nowhere,
    ...(process.env.BENCH_LISTING_PAGE_TTL_MS !== undefined && {
      LISTING_PAGE_TTL_MS: process.env.BENCH_LISTING_PAGE_TTL_MS,
    }),
  };
}
