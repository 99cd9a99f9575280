/**
 * Synthetic answers of the fake upstream: every address asked for gets a deterministic generated token
 * and pool in the documented shapes (a recorded fixture item is the template; addresses, symbols and
 * numbers are replaced), so tests and benchmarks can track any number of tokens. One pool per token,
 * the same pool at DexScreener and GeckoTerminal, and the same price at every source at one instant:
 * what a correct merge must answer is {@link getSyntheticPriceUsd}.
 */

/** Options of the synthetic mode. */
export interface SyntheticOptions {
  /** Clock of the price walk (default Date.now). */
  now?: () => number;
}

/** Relative amplitude of the price walk around a token's base price. */
export const SYNTHETIC_PRICE_AMPLITUDE = 0.02;
/** The price changes once per this many ms. */
const STEP_MS = 1_000;

/** FNV-1a of a string, as an unsigned 32-bit integer. */
function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A uniform number in [0, 1) derived from the parts. */
const unit = (...parts: Array<string | number>) => hash32(parts.join('|')) / 2 ** 32;

/** The base price of a token: log-uniform between 1e-7 and 10 USD, fixed per chain and address. */
export function getSyntheticBasePriceUsd(chain: string, address: string): number {
  return 10 ** (-7 + 8 * unit('base', chain.toLowerCase(), address));
}

/**
 * The price every source reports for a token at `atMs`: the base price moved by a bounded walk (a
 * lazily-summed sequence of per-second hashed steps would be O(t); a sum of two sines with per-token
 * phases is O(1) and still changes every second), within ± {@link SYNTHETIC_PRICE_AMPLITUDE}.
 */
export function getSyntheticPriceUsd(chain: string, address: string, atMs: number): number {
  const step = Math.floor(atMs / STEP_MS);
  const phase = 2 * Math.PI * unit('phase', chain.toLowerCase(), address);
  const wobble = 0.6 * Math.sin(step / 7 + phase) + 0.4 * Math.sin(step / 3.1 + 2 * phase);
  return Number((getSyntheticBasePriceUsd(chain, address) * (1 + SYNTHETIC_PRICE_AMPLITUDE * wobble)).toPrecision(8));
}

/** The synthetic pool of a token (the same address at DexScreener and GeckoTerminal). */
export const getSyntheticPoolAddress = (address: string) => `Po${hash32(address).toString(36)}${address.slice(0, 20)}`;

const symbolOf = (address: string) => `S${hash32(address, 7).toString(36).slice(0, 5).toUpperCase()}`;
const liquidityOf = (chain: string, address: string) => Math.round(50_000 + 5_000_000 * unit('liq', chain, address));
const volumeOf = (chain: string, address: string) => Math.round(10_000 + 2_000_000 * unit('vol', chain, address));
const clone = <T>(value: T): T => structuredClone(value);

/** A DexScreener pair from the template, quoted in the template's quote token (wrapped SOL at 150 USD). */
function dexScreenerPair(template: any, chain: string, address: string, atMs: number): any {
  const pair = clone(template);
  const price = getSyntheticPriceUsd(chain, address, atMs);
  const liquidity = liquidityOf(chain, address);
  const pool = getSyntheticPoolAddress(address);
  pair.chainId = chain;
  pair.pairAddress = pool;
  pair.url = `https://dexscreener.com/${chain}/${pool.toLowerCase()}`;
  pair.baseToken = { address, name: `Synthetic ${symbolOf(address)}`, symbol: symbolOf(address) };
  pair.priceUsd = String(price);
  pair.priceNative = String(price / 150);
  pair.liquidity = { usd: liquidity, base: liquidity / 2 / price, quote: liquidity / 2 / 150 };
  pair.volume = { ...pair.volume, h24: volumeOf(chain, address) };
  pair.fdv = Math.round(price * 1e9);
  pair.marketCap = Math.round(price * 9e8);
  delete pair.info;
  return pair;
}

function geckoToken(template: any, network: string, address: string, atMs: number): any {
  const token = clone(template);
  const price = getSyntheticPriceUsd(network, address, atMs);
  token.id = `${network}_${address}`;
  Object.assign(token.attributes, {
    address,
    name: `Synthetic ${symbolOf(address)}`,
    symbol: symbolOf(address),
    price_usd: String(price),
    fdv_usd: String(price * 1e9),
    market_cap_usd: String(price * 9e8),
    total_reserve_in_usd: String(liquidityOf(network, address)),
    volume_usd: { h24: String(volumeOf(network, address)) },
    image_url: null,
  });
  token.relationships = {
    top_pools: { data: [{ id: `${network}_${getSyntheticPoolAddress(address)}`, type: 'pool' }] },
  };
  return token;
}

function geckoPool(template: any, network: string, address: string, atMs: number): any {
  const pool = clone(template);
  const price = getSyntheticPriceUsd(network, address, atMs);
  const poolAddress = getSyntheticPoolAddress(address);
  pool.id = `${network}_${poolAddress}`;
  Object.assign(pool.attributes, {
    address: poolAddress,
    name: `${symbolOf(address)} / SOL`,
    base_token_price_usd: String(price),
    base_token_price_native_currency: String(price / 150),
    base_token_price_quote_token: String(price / 150),
    quote_token_price_base_token: String(150 / price),
    fdv_usd: String(price * 1e9),
    market_cap_usd: String(price * 9e8),
    reserve_in_usd: String(liquidityOf(network, address)),
    volume_usd: { ...pool.attributes.volume_usd, h24: String(volumeOf(network, address)) },
  });
  pool.relationships.base_token.data.id = `${network}_${address}`;
  return pool;
}

function jupiterPrice(template: any, address: string, atMs: number): any {
  return {
    ...clone(template),
    usdPrice: getSyntheticPriceUsd('solana', address, atMs),
    liquidity: liquidityOf('solana', address),
  };
}

/**
 * The synthetic body of a request to one of the per-token routes (DexScreener /tokens/v1, GeckoTerminal
 * /tokens/multi, Jupiter /price/v3); undefined for every other route, which the fixtures answer.
 */
export function answerSynthetic(
  fixture: (name: string) => any,
  request: { source: string; path: string; searchParams: URLSearchParams },
  atMs: number,
): unknown {
  const parts = request.path.split('/').filter(Boolean);
  const list = (value: string | null | undefined) => [...new Set(value ? value.split(',').filter(Boolean) : [])];
  if (request.source === 'dexscreener') {
    const [a, b, chain, addresses] = parts;
    if (a !== 'tokens' || b !== 'v1' || !chain || !addresses || parts.length !== 4) return undefined;
    const fixturePairs = fixture('dexscreener-tokens');
    const template = (fixturePairs.pairs ?? fixturePairs)[0];
    return list(addresses).map((address) => dexScreenerPair(template, chain, address, atMs));
  }
  if (request.source === 'geckoterminal') {
    const [networks, network, kind, multi, addresses] = parts;
    if (networks !== 'networks' || !network || kind !== 'tokens' || multi !== 'multi' || !addresses) return undefined;
    const doc = fixture('geckoterminal-tokens-multi');
    const wanted = list(addresses);
    const data = wanted.map((address) => geckoToken(doc.data[0], network, address, atMs));
    if (!list(request.searchParams.get('include')).includes('top_pools')) return { data };
    return { data, included: wanted.map((address) => geckoPool(doc.included[0], network, address, atMs)) };
  }
  if (request.source === 'jupiter' && request.path === '/price/v3') {
    const doc = fixture('jupiter-price');
    const template = doc[Object.keys(doc)[0] ?? ''];
    const ids = list(request.searchParams.get('ids'));
    return Object.fromEntries(ids.map((id) => [id, jupiterPrice(template, id, atMs)]));
  }
  return undefined;
}
