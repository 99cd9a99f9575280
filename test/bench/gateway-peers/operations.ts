/**
 * The query mix of the gateway benchmark, in two forms: the federated operation a client sends to a
 * gateway, and the chain of subgraph requests that answers it without one: what the gateway's query plan
 * does, one fetch per subgraph (since #15 Token.market needs no `history7d` from tokens: see the README's
 * "Fewer hops"). Each chain stitches its answers into the gateway's response shape, so every contender is
 * checked against one expected `data`.
 */
import { BENCH_WORDS, toBenchAddress, type BenchToken } from './dataset.js';

/** Sends one GraphQL request to a server and returns `data`; throws on HTTP or GraphQL errors. */
export type Post = (target: 'tokens' | 'market', body: string) => Promise<any>;

/** One operation of the mix. */
export interface BenchOperation {
  kind: 'tokens(first: 50)' | 'token' | 'tokensByAddress(100)' | 'searchTokens';
  /** The JSON body a client sends to a gateway. */
  body: string;
  /** The same answer from the subgraphs directly, in the gateway's response shape. */
  direct(post: Post): Promise<unknown>;
}

const MARKET = 'market { priceUsd liquidityUsd volumeUsd(window: H24) priceChangePct(window: H24) updatedAt }';
const FIELDS = `chain address symbol name decimals ${MARKET}`;
const ENTITIES = (selection: string) =>
  `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { ${selection} } } }`;
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

type Meta = {
  chain: string;
  address: string;
  symbol: string;
  name: string;
  decimals?: number | null;
};

/** Fetches `market` for tokens from market-data (representations of their keys) and joins it in. */
async function withMarket(post: Post, tokens: Array<Meta | null>, selection: string) {
  const present = tokens.filter((t): t is Meta => t !== null);
  const representations = present.map((t) => ({ __typename: 'Token', chain: t.chain, address: t.address }));
  const markets: Array<{ market: unknown }> =
    present.length === 0 ? [] : (await post('market', body(ENTITIES(selection), { r: representations })))._entities;
  let next = 0;
  return tokens.map((t) => (t ? { ...t, market: markets[next++]!.market } : null));
}

/** The mix: one `tokens(first: 50)`, 50 `token` lookups, 10 `tokensByAddress` of 100 (5 unknown), 10 searches. */
export function createOperations(tokens: BenchToken[]): BenchOperation[][] {
  const listing: BenchOperation = {
    kind: 'tokens(first: 50)',
    body: body(`query TopTokens { tokens(first: 50) { edges { cursor node { ${FIELDS} } } } }`),
    async direct(post) {
      // market-data lists the page with each node's market; tokens adds the metadata.
      const page = (
        await post('market', body(`{ tokens(first: 50) { edges { cursor node { chain address ${MARKET} } } } }`))
      ).tokens.edges as Array<{ cursor: string; node: { chain: string; address: string; market: unknown } }>;
      const metas: Meta[] = (
        await post(
          'tokens',
          body(ENTITIES('symbol name decimals'), {
            r: page.map(({ node }) => ({ __typename: 'Token', chain: node.chain, address: node.address })),
          }),
        )
      )._entities;
      return {
        tokens: {
          edges: page.map(({ cursor, node }, i) => ({
            cursor,
            node: { chain: node.chain, address: node.address, ...metas[i], market: node.market },
          })),
        },
      };
    },
  };
  const lookups = Array.from({ length: 50 }, (_, k): BenchOperation => {
    const address = tokens[(k * 197) % tokens.length]!.address;
    return {
      kind: 'token',
      body: body(`query Token($a: String!) { token(chain: SOLANA, address: $a) { ${FIELDS} } }`, { a: address }),
      async direct(post) {
        const meta: Meta | null = (
          await post(
            'tokens',
            body(`query($a: String!) { token(chain: SOLANA, address: $a) { chain address symbol name decimals } }`, {
              a: address,
            }),
          )
        ).token;
        return { token: (await withMarket(post, [meta], MARKET))[0] };
      },
    };
  });
  const watchlists = Array.from({ length: 10 }, (_, k): BenchOperation => {
    const addresses = Array.from({ length: 100 }, (_, j) =>
      j % 20 === 7 ? toBenchAddress('MGnone', k * 100 + j) : tokens[(k * 1009 + j * 89) % tokens.length]!.address,
    );
    return {
      kind: 'tokensByAddress(100)',
      body: body(`query Watchlist($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { ${FIELDS} } }`, {
        a: addresses,
      }),
      async direct(post) {
        const metas: Array<Meta | null> = (
          await post(
            'tokens',
            body(
              `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { chain address symbol name decimals } }`,
              { a: addresses },
            ),
          )
        ).tokensByAddress;
        return { tokensByAddress: await withMarket(post, metas, MARKET) };
      },
    };
  });
  const searches = Array.from({ length: 10 }, (_, k): BenchOperation => {
    const term = k % 2 === 0 ? BENCH_WORDS[k]! : `${BENCH_WORDS[k]!.toUpperCase()}${k + 1}`;
    return {
      kind: 'searchTokens',
      body: body(
        `query Search($q: String!) { searchTokens(query: $q, first: 10) { chain address symbol name market { priceUsd } } }`,
        { q: term },
      ),
      async direct(post) {
        const metas: Meta[] = (
          await post(
            'tokens',
            body(`query($q: String!) { searchTokens(query: $q, first: 10) { chain address symbol name } }`, {
              q: term,
            }),
          )
        ).searchTokens;
        return { searchTokens: await withMarket(post, metas, 'market { priceUsd }') };
      },
    };
  });
  return [[listing], lookups, watchlists, searches];
}

/**
 * Checks a stitched answer against the seeded data: every token present is a seeded one with its name,
 * symbol and price; unknown addresses are null; the listing is the tracked tokens by 24h volume.
 */
export function assertMatchesDataset(op: BenchOperation, data: any, byAddress: Map<string, BenchToken>): void {
  const check = (t: any) => {
    const seeded = byAddress.get(t?.address);
    if (!seeded || seeded.symbol !== t.symbol || seeded.name !== t.name || t.market?.priceUsd !== seeded.priceUsd) {
      throw new Error(`${op.kind}: ${JSON.stringify(t)} does not match the data set`);
    }
  };
  const listed = (data.tokens?.edges ?? []).map((edge: any) => edge.node);
  const all = [
    ...listed,
    ...(data.token ? [data.token] : []),
    ...(data.tokensByAddress ?? []),
    ...(data.searchTokens ?? []),
  ];
  all.filter((t) => t !== null).forEach(check);
  if (op.kind === 'tokens(first: 50)') {
    const expected = [...byAddress.values()]
      .filter((t) => t.tracked)
      .sort((a, b) => b.volumeUsd24h - a.volumeUsd24h)
      .slice(0, 50)
      .map((t) => t.address);
    if (JSON.stringify(listed.map((t: any) => t.address)) !== JSON.stringify(expected)) {
      throw new Error('tokens(first: 50) is not the tracked tokens by 24h volume');
    }
  }
  if (op.kind === 'token' && !data.token) throw new Error('token: a seeded token came back null');
  if (op.kind === 'tokensByAddress(100)') {
    const request = JSON.parse(op.body).variables.a as string[];
    data.tokensByAddress.forEach((t: any, i: number) => {
      if ((t === null) !== !byAddress.has(request[i]!)) throw new Error(`tokensByAddress: entry ${i} is wrong`);
    });
  }
  if (op.kind === 'searchTokens' && (data.searchTokens.length === 0 || data.searchTokens.length > 10)) {
    throw new Error(`searchTokens: ${data.searchTokens.length} results`);
  }
}
