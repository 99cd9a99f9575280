/**
 * The offline demo's upstream: the fake upstream (recorded fixtures, filtered to the addresses asked
 * for) behind a small replay proxy that moves every fixture token's market values by a bounded random
 * walk, so polling shows live-looking — and clearly synthetic — data.
 *
 * Why a proxy and not `respond(route, { body })`: the fake's overrides answer a fixed body whatever
 * addresses a request asks for, so per-route bodies would serve every token on `tokens/v1/{A,B}` and
 * every match on search. The proxy keeps the fake's filtering and only rewrites numbers on the way out.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadUpstreamFixture, resolveUpstreamFixturesDir, startFakeUpstream } from './fake-upstream.js';

/** Options of {@link startDemoUpstream}. */
export interface DemoUpstreamOptions {
  /** How often the walk steps (default 3000 ms). */
  tickMs?: number;
  /** Largest step of one tick, as a fraction of the price (default 0.005: ±0.5 %). */
  maxStep?: number;
  /** Largest distance from the recorded price, as a log-fraction (default 0.05: about ±5 %). */
  maxDeviation?: number;
  /** Uniform [0, 1) source (default Math.random); pass a seeded one for reproducible walks. */
  random?: () => number;
  fixturesDir?: string;
}

/** A running demo upstream. */
export interface DemoUpstream {
  /** `http://127.0.0.1:{port}`. */
  url: string;
  /** The market-data variables that point it at this replay (and say so: UPSTREAM_DEMO). */
  env: {
    DEXSCREENER_BASE_URL: string;
    GECKOTERMINAL_BASE_URL: string;
    JUPITER_BASE_URL: string;
    UPSTREAM_DEMO: 'true';
  };
  /** Current price multiplier of a mint (1 for the real quote mints such as SOL and USDC). */
  priceFactor(mint: string): number;
  /** Steps the walk once (the timer calls it every `tickMs`). */
  tick(): void;
  close(): Promise<void>;
}

/** A fixture token with the metadata trackToken needs. */
export interface DemoToken {
  address: string;
  name: string;
  symbol: string;
  decimals?: number;
}

/** Fixture mints are base58 and contain `Examp1e`; SOL and USDC (the only real mints) never walk. */
const isDemoMint = (value: unknown): value is string =>
  typeof value === 'string' && value.includes('Examp1e') && /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(value);

/** Values that move with the token's price (FDV and market cap are price × supply). */
const PRICE_KEYS = new Set([
  'priceUsd',
  'priceNative',
  'usdPrice',
  'price',
  'price_usd',
  'base_token_price_usd',
  'base_token_price_native_currency',
  'base_token_price_quote_token',
  'fdv',
  'fdv_usd',
  'marketCap',
  'mcap',
  'market_cap_usd',
]);
const INVERSE_PRICE_KEYS = new Set(['quote_token_price_base_token']);
/** Objects whose every number is trading activity; plus Jupiter's per-window stats fields. */
const ACTIVITY_CONTAINERS = new Set(['volume', 'volume_usd', 'txns', 'transactions']);
const ACTIVITY_KEYS = new Set([
  'buyVolume',
  'sellVolume',
  'buyOrganicVolume',
  'sellOrganicVolume',
  'numBuys',
  'numSells',
]);

/** Scales a JSON number or decimal string, keeping its encoding (no exponent in strings, integers stay whole). */
function scale(value: unknown, factor: number): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) && factor >= 1
      ? Math.round(value * factor)
      : Number((value * factor).toPrecision(12));
  }
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) return value;
  const decimals = value.split('.')[1]?.length ?? 0;
  return (Number(value) * factor).toFixed(Math.min(decimals, 100));
}

/** The token a JSON object describes, when it names one (else its parent's). */
function ownMint(node: Record<string, unknown>, inherited: string | undefined): string | undefined {
  const rel = node.relationships as { base_token?: { data?: { id?: string } } } | undefined;
  const baseId = rel?.base_token?.data?.id; // GeckoTerminal pool: "{network}_{mint}"
  if (baseId) return baseId.slice(baseId.indexOf('_') + 1);
  const attrs = node.attributes as { address?: unknown } | undefined;
  if (node.type === 'token' && isDemoMint(attrs?.address)) return attrs.address; // GeckoTerminal token
  const base = node.baseToken as { address?: unknown } | undefined;
  if (isDemoMint(base?.address)) return base.address; // DexScreener pair
  if (isDemoMint(node.id)) return node.id; // Jupiter tokens search
  return inherited;
}

/** Rewrites a fixture body: each token's prices × its price factor, its activity × its activity factor. */
function perturb(
  node: unknown,
  walk: { price(mint: string): number; activity(mint: string): number },
  mint?: string,
  activity = false,
): unknown {
  if (Array.isArray(node)) return node.map((item) => perturb(item, walk, mint, activity));
  if (node === null || typeof node !== 'object') {
    return activity && mint ? scale(node, walk.activity(mint)) : node;
  }
  const own = ownMint(node as Record<string, unknown>, mint);
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      const keyed = isDemoMint(key) ? key : own; // Jupiter price maps are keyed by mint
      if (keyed && PRICE_KEYS.has(key)) return [key, scale(value, walk.price(keyed))];
      if (keyed && INVERSE_PRICE_KEYS.has(key)) return [key, scale(value, 1 / walk.price(keyed))];
      if (keyed && ACTIVITY_KEYS.has(key)) return [key, scale(value, walk.activity(keyed))];
      return [key, perturb(value, walk, keyed, activity || ACTIVITY_CONTAINERS.has(key))];
    }),
  );
}

/**
 * Starts the demo replay on a free port of 127.0.0.1. Each tick, every mint seen so far takes a
 * mean-reverting step (log price pulled 10 % back toward the recording, plus a uniform step, clamped)
 * and its activity grows by a small amount that slows as it nears +25 % (rolling volumes and trade
 * counts tick up, never down, and stay bounded).
 */
export async function startDemoUpstream(options: DemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const { tickMs = 3000, maxStep = 0.005, maxDeviation = 0.05, random = Math.random } = options;
  const fake = await startFakeUpstream({ fixturesDir: options.fixturesDir });
  const state = new Map<string, { logPrice: number; growth: number }>();
  const of = (mint: string) => {
    if (!state.has(mint)) state.set(mint, { logPrice: 0, growth: 0 });
    return state.get(mint)!;
  };
  const walk = {
    price: (mint: string) => (isDemoMint(mint) ? Math.exp(of(mint).logPrice) : 1),
    activity: (mint: string) => (isDemoMint(mint) ? 1 + of(mint).growth : 1),
  };
  const tick = () => {
    for (const s of state.values()) {
      const step = (random() * 2 - 1) * maxStep;
      s.logPrice = Math.max(-maxDeviation, Math.min(maxDeviation, s.logPrice * 0.9 + step));
      s.growth += random() * 0.004 * (1 - s.growth / 0.25);
    }
    // The fake records every request; a demo may run for hours, so its history is dropped each tick.
    fake.reset();
  };
  const timer = setInterval(tick, tickMs);

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const upstream = await fetch(`${fake.url}${req.url ?? '/'}`, { headers: { accept: 'application/json' } });
        const text = await upstream.text();
        let body = text;
        if (upstream.ok) body = JSON.stringify(perturb(JSON.parse(text), walk));
        const retryAfter = upstream.headers.get('retry-after');
        res.writeHead(upstream.status, {
          'content-type': 'application/json',
          ...(retryAfter ? { 'retry-after': retryAfter } : {}),
        });
        res.end(body);
      } catch (error) {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `demo upstream: ${String(error)}` }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      DEXSCREENER_BASE_URL: `${url}/dexscreener`,
      GECKOTERMINAL_BASE_URL: `${url}/geckoterminal`,
      JUPITER_BASE_URL: `${url}/jupiter`,
      UPSTREAM_DEMO: 'true',
    },
    priceFactor: walk.price,
    tick,
    async close() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await fake.close();
    },
  };
}

/** The fixture tokens (README's token universe) with names and symbols from DexScreener search and Jupiter. */
export function loadDemoTokens(dir: string = resolveUpstreamFixturesDir()): DemoToken[] {
  const tokens = new Map<string, DemoToken>();
  const search = loadUpstreamFixture('dexscreener-search.json', dir) as { pairs: { baseToken: DemoToken }[] };
  for (const { baseToken } of search.pairs) {
    const { address, name, symbol } = baseToken;
    if (isDemoMint(address) && !tokens.has(address)) tokens.set(address, { address, name, symbol });
  }
  for (const token of loadUpstreamFixture('jupiter-tokens-search.json', dir) as Array<DemoToken & { id: string }>) {
    if (!isDemoMint(token.id)) continue;
    tokens.set(token.id, { address: token.id, name: token.name, symbol: token.symbol, decimals: token.decimals });
  }
  return [...tokens.values()];
}

/**
 * Tracks the demo tokens through the gateway's admin mutation, so GraphiQL shows data at once. Retries
 * until `deadlineMs` while the gateway is not answering yet (services started as separate processes).
 */
export async function trackDemoTokens(
  gatewayUrl: string,
  adminKey: string,
  tokens: readonly DemoToken[],
  deadlineMs = 60_000,
): Promise<void> {
  const mutation = `mutation($address: String!, $metadata: TokenMetadataInput) {
    trackToken(chain: SOLANA, address: $address, metadata: $metadata) { address }
  }`;
  const until = Date.now() + deadlineMs;
  for (const { address, ...metadata } of tokens) {
    for (;;) {
      const result = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({ query: mutation, variables: { address, metadata } }),
      }).then(
        async (response) => ({ status: response.status, body: (await response.json()) as { errors?: unknown } }),
        (error: Error) => ({ status: 0, body: { errors: [{ message: error.message }] } }),
      );
      if (result.status === 200 && !result.body.errors) break;
      if (Date.now() > until) throw new Error(`could not track ${address}: ${JSON.stringify(result.body.errors)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
