import { SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';

/** Every tracked token's key (`CHAIN:address`) as the tokens subgraph (Postgres) knows them. */
export type TrackedKeysSource = () => Promise<string[]>;

const QUERY = `query($first: Int!, $after: String) {
  trackedTokenKeys(first: $first, after: $after) { keys { chain address } endCursor }
}`;

interface Page {
  keys: Array<{ chain: string; address: string }>;
  endCursor: string | null;
}

/**
 * Pages through the tokens subgraph's internal `trackedTokenKeys` over its GraphQL endpoint (subgraphs talk
 * through GraphQL, never by importing each other), sending the subgraph secret as the gateway does. Any
 * failure (unreachable, an error answer, a malformed page) throws: a partial list must never be taken for
 * the whole, or reconciling would untrack the rest.
 */
export function createTrackedKeysSource(
  tokensUrl: string,
  timeoutMs: number,
  subgraphSecret?: string,
  pageSize = 1000,
): TrackedKeysSource {
  const fetchPage = async (after: string | null): Promise<Page> => {
    const response = await fetch(tokensUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(subgraphSecret ? { [SUBGRAPH_SECRET_HEADER]: subgraphSecret } : {}),
      },
      body: JSON.stringify({ query: QUERY, variables: { first: pageSize, after } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: { trackedTokenKeys?: Page };
      errors?: Array<{ message?: string }>;
    };
    const page = body.data?.trackedTokenKeys;
    if (!response.ok || body.errors?.length || !page || !Array.isArray(page.keys)) {
      const reason = body.errors?.[0]?.message ?? `HTTP ${response.status}`;
      throw new Error(`tokens subgraph did not list tracked tokens: ${reason}`);
    }
    return page;
  };
  return async () => {
    const keys: string[] = [];
    let after: string | null = null;
    do {
      const page: Page = await fetchPage(after);
      for (const key of page.keys) keys.push(`${key.chain}:${key.address}`);
      after = page.endCursor;
    } while (after !== null);
    return keys;
  };
}
