import { domainError, getPropagationHeaders, SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';
import { ErrorCode } from '@memegraph/contracts';
import type { TokenKey } from './token-key.js';
import type { TokenMetadata } from './token.repository.js';

/**
 * Looks up a token's metadata from the upstreams; null when none knows it. `requestId`: the request the
 * lookup is made for (sent on as `x-request-id`).
 */
export type MetadataLookup = (key: TokenKey, requestId?: string) => Promise<TokenMetadata | null>;

const QUERY = `query($chain: Chain!, $address: String!) {
  upstreamToken(chain: $chain, address: $address) { name symbol decimals imageUrl }
}`;

/** An error market-data answered the lookup with (its codes are stable: see its error registry). */
interface LookupErrorBody {
  message?: string;
  extensions?: { code?: string; retryAfterSeconds?: number; sources?: unknown };
}

/**
 * The lookup's failure as this service reports it: market-data's UPSTREAM_BUSY / UPSTREAM_UNAVAILABLE pass
 * through with their message, `retryAfterSeconds` and `sources`; anything else is UPSTREAM_UNAVAILABLE.
 */
function toLookupError(error: LookupErrorBody | undefined) {
  const { code, retryAfterSeconds, sources } = error?.extensions ?? {};
  if (code === ErrorCode.UPSTREAM_BUSY || code === ErrorCode.UPSTREAM_UNAVAILABLE) {
    return domainError(code, error?.message ?? 'Could not look the token up; pass metadata or retry.', {
      ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
      ...(Array.isArray(sources) ? { sources } : {}),
    });
  }
  return domainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'Could not look the token up; pass metadata or retry.');
}

/**
 * Asks the market-data subgraph (which owns the upstream clients) for a token's metadata, over its
 * GraphQL endpoint — subgraphs talk through GraphQL, never by importing each other. A market-data
 * outage is UPSTREAM_UNAVAILABLE, not "unknown token"; null means every source answered and none knows it. Sends the subgraph secret, as the gateway does.
 */
export function createMetadataLookup(
  marketDataUrl: string,
  timeoutMs: number,
  subgraphSecret?: string,
): MetadataLookup {
  return async (key, requestId) => {
    let body: { data?: { upstreamToken: Omit<TokenMetadata, 'links'> | null }; errors?: LookupErrorBody[] };
    try {
      const response = await fetch(marketDataUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...getPropagationHeaders(requestId),
          ...(subgraphSecret ? { [SUBGRAPH_SECRET_HEADER]: subgraphSecret } : {}),
        },
        body: JSON.stringify({ query: QUERY, variables: { chain: key.chain, address: key.address } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw domainError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `Could not look the token up (${(error as Error).message}); pass metadata or retry.`,
      );
    }
    if (body.errors?.length || !body.data) throw toLookupError(body.errors?.[0]);
    const found = body.data.upstreamToken;
    return found ? { ...found, links: [] } : null;
  };
}
