import { TOKEN_METADATA_LIMITS } from '@memegraph/contracts';
import { badInput } from '@memegraph/infra';
import type { TokenMetadataInput } from '../generated/resolvers.js';
import type { TokenMetadata } from './token.repository.js';

/** Most items any list argument may ask for. */
export const MAX_PAGE_SIZE = 100;

/** Validates a page-size argument (1..max). */
export function assertPageSize(value: number, argumentName: string, max = MAX_PAGE_SIZE): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw badInput(argumentName, `must be between 1 and ${max}, got ${value}`);
  }
  return value;
}

/** Trims a search query; empty or longer than 100 characters is refused. */
export function assertSearchQuery(raw: string): string {
  const query = raw.trim();
  if (query.length === 0) throw badInput('query', 'must not be empty');
  if (query.length > 100) throw badInput('query', 'must be at most 100 characters');
  return query;
}

function assertHttpUrl(value: string, argumentName: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badInput(argumentName, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badInput(argumentName, 'must be an http or https URL');
  return url.toString();
}

function assertText(value: string, argumentName: string, max: number): string {
  const text = value.trim();
  if (text.length === 0 || text.length > max) throw badInput(argumentName, `must be 1-${max} characters`);
  return text;
}

const { nameLength, symbolLength, linkKindLength, minDecimals, maxDecimals } = TOKEN_METADATA_LIMITS;

/**
 * Validates trackToken's metadata argument and converts it to what the repository stores. The limits are the
 * ones discovered tokens are cut to (contracts' TOKEN_METADATA_LIMITS); admin input beyond them is refused.
 */
export function toTokenMetadata(input: TokenMetadataInput): TokenMetadata {
  const decimals = input.decimals ?? null;
  if (decimals !== null && (decimals < minDecimals || decimals > maxDecimals))
    throw badInput('metadata.decimals', `must be between ${minDecimals} and ${maxDecimals}`);
  return {
    name: assertText(input.name, 'metadata.name', nameLength),
    symbol: assertText(input.symbol, 'metadata.symbol', symbolLength),
    decimals,
    imageUrl: input.imageUrl ? assertHttpUrl(input.imageUrl, 'metadata.imageUrl') : null,
    links: (input.links ?? []).map((link, i) => ({
      kind: assertText(link.kind, `metadata.links[${i}].kind`, linkKindLength).toLowerCase(),
      url: assertHttpUrl(link.url, `metadata.links[${i}].url`),
    })),
  };
}
