import type { Chain } from '../generated/resolvers.js';
import type { Source } from '../model/market-model.js';
import { UpstreamError } from './upstream-error.js';
import type { TokenFacts, UpstreamSources } from './upstream-source.js';

/** Token metadata as the upstreams report it. */
export interface UpstreamTokenMetadata {
  name: string;
  symbol: string;
  decimals: number | null;
  imageUrl: string | null;
  /** The source the name and symbol came from. */
  source: Source;
}

/** A source that could not be asked, and why. */
export interface LookupFailure {
  source: Source;
  code: UpstreamError['code'];
  /** How long the source (or our budget for it) asked us to wait, when it said. */
  retryAfterMs: number | undefined;
}

/**
 * No source that answered knows the token, and at least one could not be asked (budget, circuit open,
 * timeout, 5xx): "not found" would be a guess. `busy` when every failure is a rate limit (ours or the
 * upstream's), so retrying after `retryAfterMs` should work.
 */
export class TokenLookupUnavailableError extends Error {
  override readonly name = 'TokenLookupUnavailableError';
  readonly busy: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(readonly failures: readonly LookupFailure[]) {
    super(`could not ask ${failures.map((f) => `${f.source} (${f.code})`).join(', ')}`);
    this.busy = failures.every((f) => f.code === 'UPSTREAM_RATE_LIMITED');
    const waits = failures.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
    this.retryAfterMs = waits.length > 0 ? Math.max(...waits) : undefined;
  }
}

/** One source asked about the token (on the on-demand budget): what it knows, or why it could not answer. */
type Ask = [Source, Promise<TokenFacts>];

/**
 * The first asks: DexScreener (the largest budget) and GeckoTerminal serve every chain and between them
 * usually know name, symbol, decimals and image. Jupiter (its budget is the smallest) is asked after them,
 * when they left the name or decimals unknown.
 */
const FIRST_ASKED: Source[] = ['DEXSCREENER', 'GECKOTERMINAL'];

const ask = (sources: UpstreamSources, source: Source, chain: Chain, address: string, requestId?: string): Ask => [
  source,
  sources[source].lookupToken(chain, address, requestId),
];

/** Settles the asks into what each source knows and which could not answer. */
async function settle(
  asks: Ask[],
  known: Partial<Record<Source, TokenFacts>>,
  failures: LookupFailure[],
): Promise<void> {
  const outcomes = await Promise.allSettled(asks.map(([, ask]) => ask));
  outcomes.forEach((outcome, i) => {
    const source = asks[i]![0];
    if (outcome.status === 'fulfilled') known[source] = outcome.value;
    else if (outcome.reason instanceof UpstreamError)
      failures.push({ source, code: outcome.reason.code, retryAfterMs: outcome.reason.retryAfterMs });
    else throw outcome.reason; // a bug of ours, not an upstream's failure
  });
}

/** Field precedence, first source with a value wins (README "Tracking a token"). */
const NAME_ORDER: Source[] = ['DEXSCREENER', 'GECKOTERMINAL', 'JUPITER'];
const DECIMALS_ORDER: Source[] = ['JUPITER', 'GECKOTERMINAL', 'DEXSCREENER'];
const IMAGE_ORDER: Source[] = ['DEXSCREENER', 'GECKOTERMINAL', 'JUPITER'];

/**
 * Merges what the sources know, field by field: name and symbol together from DexScreener, else
 * GeckoTerminal, else Jupiter (the names DEX screens show); decimals from Jupiter, else GeckoTerminal (both
 * read the mint; DexScreener has none); image from DexScreener, else GeckoTerminal, else Jupiter.
 * Null when no source knows a name and symbol.
 */
export function toTokenMetadata(known: Partial<Record<Source, TokenFacts>>): UpstreamTokenMetadata | null {
  const first = <K extends keyof NonNullable<TokenFacts>>(order: Source[], field: K) =>
    order.map((source) => known[source]?.[field]).find((value) => value !== null && value !== undefined) ?? null;
  const source = NAME_ORDER.find((s) => known[s]);
  const named = source && known[source];
  if (!source || !named) return null;
  return {
    name: named.name,
    symbol: named.symbol,
    decimals: first(DECIMALS_ORDER, 'decimals'),
    imageUrl: first(IMAGE_ORDER, 'imageUrl'),
    source,
  };
}

/**
 * Looks a token up now on the sources that serve its chain, on the budget reserved for on-demand calls:
 * DexScreener and GeckoTerminal together, then Jupiter (Solana) when they left the name or decimals unknown. Metadata when any source knows the token, even if
 * others failed; null only when every source answered and none knows it; otherwise
 * {@link TokenLookupUnavailableError} naming the sources that could not be asked. `requestId`: the request
 * the lookup is made for, sent with each upstream call.
 */
export async function lookupTokenMetadata(
  sources: UpstreamSources,
  chain: Chain,
  address: string,
  requestId?: string,
): Promise<UpstreamTokenMetadata | null> {
  const known: Partial<Record<Source, TokenFacts>> = {};
  const failures: LookupFailure[] = [];
  await settle(
    FIRST_ASKED.map((source) => ask(sources, source, chain, address, requestId)),
    known,
    failures,
  );
  const sofar = toTokenMetadata(known);
  if (sources.JUPITER.serves(chain) && (!sofar || sofar.decimals === null))
    await settle([ask(sources, 'JUPITER', chain, address, requestId)], known, failures);
  const metadata = toTokenMetadata(known);
  if (metadata || failures.length === 0) return metadata;
  throw new TokenLookupUnavailableError(failures);
}
