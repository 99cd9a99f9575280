/**
 * A real local HTTP server standing in for DexScreener, GeckoTerminal and Jupiter (the only fakes our
 * tests allow). It answers from the recorded fixtures, filtered to the addresses asked for, under one
 * prefix per source: base URLs are `${url}/dexscreener`, `${url}/geckoterminal`, `${url}/jupiter`.
 * It records every request, injects faults per route, and can enforce the documented rate limits itself
 * (429 + Retry-After) so a test can catch a client that overspends.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { answerSynthetic, type SyntheticOptions } from './fake-upstream-synthetic.js';
import { answerOhlcv, OhlcvRequestError } from './fake-upstream-ohlcv.js';

/** The faked upstreams, named as their path prefixes. */
export type FakeSource = 'dexscreener' | 'geckoterminal' | 'jupiter';
/** Rate-limit budget of an endpoint (DexScreener's profiles/boosts have their own: 'discovery'). */
export type FakeEndpointClass = 'pairs' | 'discovery' | 'default';

/** One request as the fake saw it. */
export interface RecordedRequest {
  source: FakeSource;
  endpointClass: FakeEndpointClass;
  /** Path below the source prefix, e.g. `/tokens/v1/solana/A,B`. */
  path: string;
  searchParams: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Arrival time (ms epoch). */
  at: number;
  /** Status answered (undefined while pending or when the client went away first). */
  status?: number;
}

/** Selects requests: a prefix of `/{source}{path}`, a RegExp over `/{source}{path}?{query}`, or a predicate. */
export type RouteMatcher = string | RegExp | ((request: RecordedRequest) => boolean);

/** One rate limit the fake enforces: at most `perMinute` answered requests per `windowMs` (default 60 s). */
export interface FakeRateLimit {
  source: FakeSource;
  /** Limit only this budget of the source (default: every endpoint of the source together). */
  endpointClass?: FakeEndpointClass;
  perMinute: number;
  /** Used instead of `perMinute` when the request carries `x-api-key` (Jupiter's keyed tier). */
  perMinuteWithApiKey?: number;
  windowMs?: number;
}

/** The public limits documented in the fixtures README. */
export const DOCUMENTED_RATE_LIMITS: readonly FakeRateLimit[] = [
  { source: 'dexscreener', endpointClass: 'pairs', perMinute: 300 },
  { source: 'dexscreener', endpointClass: 'discovery', perMinute: 60 },
  { source: 'geckoterminal', perMinute: 30 },
  { source: 'jupiter', perMinute: 30, perMinuteWithApiKey: 60 },
];

/** Options of {@link startFakeUpstream}. */
export interface FakeUpstreamOptions {
  /** Fixture directory (default: {@link resolveUpstreamFixturesDir}). */
  fixturesDir?: string;
  /** Limits enforced from the start and after every reset (default none; pass DOCUMENTED_RATE_LIMITS). */
  rateLimits?: readonly FakeRateLimit[];
  /**
   * Answers every address asked of the per-token routes (DexScreener /tokens/v1, GeckoTerminal
   * /tokens/multi, Jupiter /price/v3) with a generated token instead of the fixtures (see
   * fake-upstream-synthetic.ts); other routes still answer from the fixtures.
   */
  synthetic?: boolean | SyntheticOptions;
}

/** A running fake upstream. */
export interface FakeUpstream {
  /** `http://127.0.0.1:{port}`; append `/dexscreener`, `/geckoterminal` or `/jupiter`. */
  url: string;
  /** Every request so far, oldest first, of one source or all. */
  requests(source?: FakeSource): RecordedRequest[];
  /** Requests of a source (and budget) that arrived in [fromMs, toMs]. */
  countInWindow(source: FakeSource, fromMs: number, toMs: number, endpointClass?: FakeEndpointClass): number;
  /** Resolves with the next matching request as soon as it arrives (before it is answered). */
  waitForRequest(route?: RouteMatcher): Promise<RecordedRequest>;
  /** Answers matching requests with `status` (and Retry-After: seconds or an HTTP date), `times` times (default always). */
  fail(route: RouteMatcher, fault: { status: number; retryAfter?: number | string; times?: number }): void;
  /** Answers matching requests with invalid JSON, or valid JSON of the wrong shape (a bare string). */
  malformed(route: RouteMatcher, options?: { kind?: 'invalid-json' | 'wrong-shape'; times?: number }): void;
  /** Answers matching requests with this body (e.g. a list with one bad item). */
  respond(route: RouteMatcher, response: { status?: number; body: unknown; times?: number }): void;
  /** Holds matching (default: all) responses back for `ms`. */
  delay(ms: number, options?: { route?: RouteMatcher; times?: number }): void;
  /**
   * From now on this source answers as if it did not know these tokens (per-token routes: DexScreener
   * /tokens/v1, GeckoTerminal /tokens and /tokens/multi, Jupiter price and search), e.g. to make a fixture
   * token known to one source only.
   */
  hide(source: FakeSource, addresses: readonly string[]): void;
  /**
   * From now on every source answers this token's USD and native prices multiplied by `factor` (a price
   * move; 1 undoes it). Fixture answers only (not overrides, not synthetic tokens).
   */
  scalePrice(address: string, factor: number): void;
  /** Enforces one more rate limit from now on. */
  enforceRateLimit(limit: FakeRateLimit): void;
  /** Requests answered 429 by an enforced rate limit (not by `fail`). */
  rateLimited(source?: FakeSource): RecordedRequest[];
  /** Back to the state right after start: no faults, no delays, start limits with empty windows, no history. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Where the fixtures are: `UPSTREAM_FIXTURES_DIR`, else the copy committed in `test/fixtures/upstream`
 * (CI clones may not sit next to ../shared), else `../shared/fixtures/upstream` beside the checkout.
 */
export function resolveUpstreamFixturesDir(): string {
  const fromEnv = process.env.UPSTREAM_FIXTURES_DIR;
  if (fromEnv) return fromEnv;
  const committed = fileURLToPath(new URL('../fixtures/upstream/', import.meta.url));
  if (existsSync(committed)) return committed;
  return fileURLToPath(new URL('../../../shared/fixtures/upstream/', import.meta.url));
}

/** The parsed JSON of one fixture file, e.g. `loadUpstreamFixture('dexscreener-tokens.json')`. */
export function loadUpstreamFixture(name: string, dir: string = resolveUpstreamFixturesDir()): unknown {
  return JSON.parse(readFileSync(`${dir.replace(/\/?$/, '/')}${name}`, 'utf8'));
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Override extends Answer {
  route: RouteMatcher;
  times: number;
}

const sources = new Set<string>(['dexscreener', 'geckoterminal', 'jupiter']);

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

const matches = (route: RouteMatcher | undefined, r: RecordedRequest): boolean => {
  if (route === undefined) return true;
  if (typeof route === 'function') return route(r);
  const full = `/${r.source}${r.path}`;
  return typeof route === 'string' ? full.startsWith(route) : route.test(`${full}?${r.searchParams}`);
};

/** Starts the fake on a free port of 127.0.0.1. */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const dir = options.fixturesDir ?? resolveUpstreamFixturesDir();
  const synthetic = options.synthetic === true ? {} : options.synthetic || undefined;
  const cache = new Map<string, unknown>();
  const fixture = (name: string): any => {
    if (!cache.has(name)) cache.set(name, loadUpstreamFixture(`${name}.json`, dir));
    return cache.get(name);
  };
  let log: RecordedRequest[] = [];
  let limited: RecordedRequest[] = [];
  let overrides: Override[] = [];
  let delays: { ms: number; route?: RouteMatcher; times: number }[] = [];
  let limits: { rule: FakeRateLimit; answered: number[] }[] = [];
  let hidden: Record<FakeSource, Set<string>> = {
    dexscreener: new Set(),
    geckoterminal: new Set(),
    jupiter: new Set(),
  };
  let waiters: { route?: RouteMatcher; resolve: (r: RecordedRequest) => void }[] = [];
  let priceFactors = new Map<string, number>();
  /** Responses held back by `delay`: dropped (socket destroyed) on reset and close. */
  const held = new Map<NodeJS.Timeout, ServerResponse>();
  const dropHeld = () => {
    for (const [timer, res] of held) {
      clearTimeout(timer);
      res.destroy();
    }
    held.clear();
  };

  const applyStartLimits = () => {
    limits = (options.rateLimits ?? []).map((rule) => ({ rule, answered: [] }));
  };
  applyStartLimits();

  /** Consumes one use of the first matching entry still having uses left. */
  const take = <T extends { route?: RouteMatcher; times: number }>(list: T[], r: RecordedRequest): T | undefined => {
    const hit = list.find((entry) => entry.times > 0 && matches(entry.route, r));
    if (hit) hit.times -= 1;
    return hit;
  };

  /** A 429 when an enforced limit is spent; Retry-After is when its oldest answered request leaves the window. */
  const overLimit = (r: RecordedRequest): Answer | undefined => {
    for (const limit of limits) {
      const { rule } = limit;
      if (rule.source !== r.source || (rule.endpointClass && rule.endpointClass !== r.endpointClass)) continue;
      const windowMs = rule.windowMs ?? 60_000;
      limit.answered = limit.answered.filter((at) => at > r.at - windowMs);
      const max = r.headers['x-api-key'] ? (rule.perMinuteWithApiKey ?? rule.perMinute) : rule.perMinute;
      if (limit.answered.length >= max) {
        const waitMs = (limit.answered[0] ?? r.at) + windowMs - r.at;
        const body = JSON.stringify({ error: 'rate limit exceeded (fake upstream)' });
        return { status: 429, headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) }, body };
      }
    }
    for (const limit of limits) {
      const { rule } = limit;
      if (rule.source === r.source && (!rule.endpointClass || rule.endpointClass === r.endpointClass)) {
        limit.answered.push(r.at);
      }
    }
    return undefined;
  };

  const send = (res: ServerResponse, r: RecordedRequest, status: number, body: string, headers = {}) => {
    if (res.destroyed) return; // the client timed out and left
    r.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const [, prefix = '', ...rest] = url.pathname.split('/');
    if (!sources.has(prefix)) return void res.writeHead(404).end();
    const source = prefix as FakeSource;
    const path = `/${rest.join('/')}`;
    const endpointClass: FakeEndpointClass =
      source !== 'dexscreener' ? 'default' : /^\/token-(profiles|boosts)\//.test(path) ? 'discovery' : 'pairs';
    const r: RecordedRequest = {
      source,
      endpointClass,
      path: safeDecode(path),
      searchParams: url.searchParams,
      headers: req.headers,
      at: Date.now(),
    };
    log.push(r);
    const [due, waiting] = [waiters.filter((w) => matches(w.route, r)), waiters.filter((w) => !matches(w.route, r))];
    waiters = waiting;
    for (const waiter of due) waiter.resolve(r);
    // Decided on arrival, so a response still held back by `delay` cannot consume a later test's fault.
    const limit = overLimit(r);
    if (limit) limited.push(r);
    const override = limit ?? take(overrides, r);
    let found: unknown;
    try {
      found = override
        ? undefined
        : ((synthetic && answerSynthetic(fixture, r, (synthetic.now ?? Date.now)())) ??
          scalePrices(r.source, answerFromFixtures(fixture, r, hidden[r.source]), priceFactors));
    } catch (error) {
      if (error instanceof OhlcvRequestError)
        return send(res, r, error.status, JSON.stringify({ error: error.message }));
      // A throw inside the request listener would kill the test process: answer 500 and say why instead.
      return send(res, r, 500, JSON.stringify({ error: `fake upstream: ${String(error)}` }));
    }
    const answer = () => {
      if (override) return send(res, r, override.status, override.body, override.headers);
      if (found === undefined) return send(res, r, 404, JSON.stringify({ error: 'Not Found' }));
      send(res, r, 200, JSON.stringify(found));
    };
    const hold = take(delays, r);
    if (!hold) return answer();
    const timer = setTimeout(() => {
      held.delete(timer);
      answer();
    }, hold.ms);
    held.set(timer, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const addOverride = (route: RouteMatcher, o: Omit<Override, 'route' | 'times'>, times = Infinity) =>
    void overrides.push({ route, times, ...o });

  return {
    url: `http://127.0.0.1:${port}`,
    requests: (source) => log.filter((r) => !source || r.source === source),
    countInWindow: (source, fromMs, toMs, endpointClass) =>
      log.filter(
        (r) =>
          r.source === source &&
          r.at >= fromMs &&
          r.at <= toMs &&
          (!endpointClass || r.endpointClass === endpointClass),
      ).length,
    waitForRequest: (route) => new Promise((resolve) => waiters.push({ route, resolve })),
    fail: (route, { status, retryAfter, times }) => {
      const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
      addOverride(route, { status, headers, body: JSON.stringify({ error: `injected ${status}` }) }, times);
    },
    malformed: (route, { kind = 'invalid-json', times } = {}) => {
      const body = kind === 'invalid-json' ? '{"pairs": [{"chainId": "sol' : JSON.stringify('not the expected shape');
      addOverride(route, { status: 200, headers: {}, body }, times);
    },
    respond: (route, { status = 200, body, times }) =>
      addOverride(route, { status, headers: {}, body: JSON.stringify(body) }, times),
    delay: (ms, { route, times = Infinity } = {}) => void delays.push({ ms, route, times }),
    hide: (source, addresses) => addresses.forEach((address) => hidden[source].add(address)),
    scalePrice: (address, factor) => void priceFactors.set(address, factor),
    enforceRateLimit: (rule) => void limits.push({ rule, answered: [] }),
    rateLimited: (source) => limited.filter((r) => !source || r.source === source),
    reset: () => {
      dropHeld();
      log = [];
      limited = [];
      overrides = [];
      delays = [];
      waiters = [];
      applyStartLimits();
      hidden = { dexscreener: new Set(), geckoterminal: new Set(), jupiter: new Set() };
      priceFactors = new Map();
    },
    close: async () => {
      dropHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** Address equality as the upstreams apply it: exact for Solana, case-insensitive for EVM chains. */
const sameAddress = (chain: string, a: string, b: string) =>
  chain === 'solana' ? a === b : a.toLowerCase() === b.toLowerCase();

/**
 * `body` (a fixture answer of `source`) with the prices of the tokens in `factors` multiplied: DexScreener
 * pairs' priceUsd/priceNative, GeckoTerminal tokens' price_usd and their pools' base-token prices, Jupiter's
 * usdPrice (price v3, tokens search) and price (v2). A copy: the cached fixtures stay as recorded.
 */
function scalePrices(source: FakeSource, body: unknown, factors: ReadonlyMap<string, number>): unknown {
  if (factors.size === 0 || body === undefined) return body;
  const copy: any = structuredClone(body);
  const scale = (holder: any, field: string, factor: number | undefined) => {
    if (factor === undefined || holder?.[field] === undefined || holder[field] === null) return;
    const scaled = Number(holder[field]) * factor;
    holder[field] = typeof holder[field] === 'string' ? String(scaled) : scaled;
  };
  if (source === 'dexscreener') {
    for (const pair of Array.isArray(copy) ? copy : (copy?.pairs ?? [])) {
      const factor = factors.get(pair?.baseToken?.address);
      scale(pair, 'priceUsd', factor);
      scale(pair, 'priceNative', factor);
    }
  } else if (source === 'geckoterminal') {
    const data = Array.isArray(copy?.data) ? copy.data : copy?.data ? [copy.data] : [];
    for (const token of data) scale(token.attributes, 'price_usd', factors.get(token.attributes?.address));
    for (const pool of copy?.included ?? []) {
      const base = String(pool.relationships?.base_token?.data?.id ?? '');
      const factor = factors.get(base.slice(base.indexOf('_') + 1));
      for (const field of ['base_token_price_usd', 'base_token_price_native_currency', 'base_token_price_quote_token'])
        scale(pool.attributes, field, factor);
    }
  } else if (Array.isArray(copy)) {
    for (const token of copy) scale(token, 'usdPrice', factors.get(token.id));
  } else if (copy?.data) {
    for (const [mint, price] of Object.entries(copy.data)) scale(price, 'price', factors.get(mint));
  } else {
    for (const [mint, price] of Object.entries(copy ?? {})) scale(price, 'usdPrice', factors.get(mint));
  }
  return copy;
}

/** The fixture body for a request, filtered to what it asked for; undefined for an unknown route. */
function answerFromFixtures(
  fixture: (name: string) => any,
  { source, path, searchParams }: RecordedRequest,
  hidden: ReadonlySet<string>,
): unknown {
  const parts = path.split('/').filter(Boolean);
  const list = (value: string | null | undefined) => (value ? value.split(',').filter(Boolean) : []);
  const has = (chain: string, wanted: string[], address: string) =>
    !hidden.has(address) && wanted.some((w) => sameAddress(chain, w, address));
  if (source === 'dexscreener') {
    const [a, b, c, d] = parts;
    const pairs = (name: string, keep: (p: any) => boolean) => (fixture(name).pairs ?? fixture(name)).filter(keep);
    if (a === 'tokens' && b === 'v1' && c && d) {
      return pairs('dexscreener-tokens', (p) => p.chainId === c && has(c, list(d), p.baseToken.address));
    }
    if (a === 'token-pairs' && b === 'v1' && c && d) {
      const touches = (p: any) => has(c, [d], p.baseToken.address) || has(c, [d], p.quoteToken.address);
      return pairs('dexscreener-token-pairs', (p) => p.chainId === c && touches(p));
    }
    if (path === '/latest/dex/search') {
      const q = (searchParams.get('q') ?? '').toLowerCase();
      const text = (p: any) =>
        [p.pairAddress, p.baseToken.address, p.baseToken.name, p.baseToken.symbol, p.quoteToken.symbol].join(' ');
      return { schemaVersion: '1.0.0', pairs: pairs('dexscreener-search', (p) => text(p).toLowerCase().includes(q)) };
    }
    if (a === 'latest' && b === 'dex' && c === 'tokens' && d) {
      const touches = (p: any) =>
        has(p.chainId, list(d), p.baseToken.address) || has(p.chainId, list(d), p.quoteToken.address);
      return { schemaVersion: '1.0.0', pairs: pairs('dexscreener-latest-dex-tokens', touches) };
    }
    if (path === '/token-profiles/latest/v1') return fixture('dexscreener-token-profiles-latest');
    if (path === '/token-boosts/latest/v1') return fixture('dexscreener-token-boosts-latest');
    return undefined;
  }
  if (source === 'geckoterminal') {
    const [networks, network = '', kind, multi, addresses] = parts;
    if (networks !== 'networks') return undefined;
    const onNetwork = (resource: any) => String(resource.id).startsWith(`${network}_`);
    const include = list(searchParams.get('include'));
    if (kind === 'tokens' && multi === 'multi' && addresses) {
      const doc = fixture('geckoterminal-tokens-multi');
      const data = doc.data.filter((t: any) => onNetwork(t) && has(network, list(addresses), t.attributes.address));
      if (!include.includes('top_pools')) return { data };
      const poolIds = new Set(data.flatMap((t: any) => t.relationships.top_pools.data.map((p: any) => p.id)));
      return { data, included: doc.included.filter((p: any) => poolIds.has(p.id)) };
    }
    if (kind === 'tokens' && multi && parts.length === 4) {
      // One token (/networks/{network}/tokens/{address}); unknown: 404, as the real API answers.
      const token = fixture('geckoterminal-tokens-multi').data.find(
        (t: any) => onNetwork(t) && has(network, [multi], t.attributes.address),
      );
      return token && { data: token };
    }
    const pools = { trending_pools: 'geckoterminal-trending-pools', new_pools: 'geckoterminal-new-pools' };
    if (kind === 'pools' && multi && addresses === 'ohlcv' && parts.length === 6) {
      // Pool OHLCV (fake-upstream-ohlcv.ts), for the pools the GeckoTerminal fixtures name and whose base is not hidden.
      const pool = [
        ...fixture('geckoterminal-tokens-multi').included,
        ...fixture(pools.trending_pools).data,
        ...fixture(pools.new_pools).data,
      ].find((p: any) => p.type === 'pool' && onNetwork(p) && sameAddress(network, p.attributes.address, multi));
      const base = String(pool?.relationships?.base_token?.data?.id ?? '').slice(network.length + 1);
      const known = pool && !hidden.has(base) ? Number(pool.attributes.base_token_price_usd) : undefined;
      return answerOhlcv(
        fixture('geckoterminal-pool-ohlcv'),
        { network, pool: multi, timeframe: parts[5]!, searchParams },
        known,
        Date.now(),
      );
    }
    if ((kind === 'trending_pools' || kind === 'new_pools') && parts.length === 3) {
      const doc = fixture(pools[kind]);
      const firstPage = (searchParams.get('page') ?? '1') === '1';
      const data = firstPage ? doc.data.filter(onNetwork) : [];
      if (include.length === 0) return { data };
      const types = new Set(include.map((i) => (i === 'dex' ? 'dex' : 'token')));
      return { data, included: data.length ? doc.included.filter((r: any) => types.has(r.type)) : [] };
    }
    return undefined;
  }
  const ids = list(searchParams.get('ids')).filter((id) => !hidden.has(id));
  if (path === '/price/v3') {
    return Object.fromEntries(Object.entries(fixture('jupiter-price')).filter(([mint]) => ids.includes(mint)));
  }
  if (path === '/price/v2') {
    const data = fixture('jupiter-price-v2').data;
    return { data: Object.fromEntries(ids.map((id) => [id, data[id] ?? null])), timeTaken: 0.001 };
  }
  if (path === '/tokens/v2/search') {
    const query = searchParams.get('query') ?? '';
    const tokens: any[] = fixture('jupiter-tokens-search');
    const mints = list(query);
    const exact = tokens.filter((t) => mints.includes(t.id) && !hidden.has(t.id));
    if (exact.length > 0 || mints.length > 1) return exact;
    const q = query.toLowerCase();
    return tokens.filter((t) => `${t.symbol} ${t.name}`.toLowerCase().includes(q)).slice(0, 20);
  }
  return undefined;
}

/**
 * Environment that points a market-data instance at this fake upstream, on a free port of loopback,
 * polling fast enough for a test to see several rounds in a few seconds.
 */
export function marketDataTestEnv(fake: Pick<FakeUpstream, 'url'>): Record<string, string> {
  return {
    MARKET_DATA_PORT: '0',
    MARKET_DATA_HOST: '127.0.0.1',
    DEXSCREENER_BASE_URL: `${fake.url}/dexscreener`,
    GECKOTERMINAL_BASE_URL: `${fake.url}/geckoterminal`,
    JUPITER_BASE_URL: `${fake.url}/jupiter`,
    POLL_INTERVAL_MS: '200',
    POLL_COLD_INTERVAL_MS: '400',
    GECKOTERMINAL_POLL_INTERVAL_MS: '300',
  };
}
