import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse } from 'graphql';
import { getQueryCost } from './query-cost.js';

// The shapes of the public API that costs depend on (connection, list sizes, addresses), reduced.
const schema = buildASTSchema(
  parse(`
    type Subscription { tokenListUpdated(first: Int = 20): TokenListUpdate! }
    type TokenListUpdate { sequence: Int! snapshot: [Token!] changes: [TokenListChange!]! }
    type TokenListChange { rank: Int token: Token! }
    type Query {
      tokens(first: Int = 20): TokenConnection!
      upstreams: [Upstream!]!
      token(address: String!): Token
      tokensByAddress(addresses: [String!]!): [Token]!
      searchTokens(query: String!, first: Int = 10): [Token!]!
    }
    type TokenConnection { edges: [TokenEdge!]! totalCount: Int! }
    type TokenEdge { node: Token! }
    type Token { name: String! pools(first: Int = 10): [Pool!] candles(limit: Int = 200): [Candle!] links: [String!]! }
    type Pool { address: String! }
    type Candle { close: Float! }
    type Upstream { source: String! }
  `),
);

const cost = (query: string, variables?: Record<string, unknown>) =>
  getQueryCost(schema, parse(query), variables, undefined, 10);

describe('getQueryCost', () => {
  it.each([
    ['one scalar field of one object', `{ token(address: "a") { name } }`, 1 + 1],
    ['a list without size argument: the default list size', `{ upstreams { source } }`, 1 + 10 * 1],
    ['first, default applied', `{ searchTokens(query: "a") { name } }`, 1 + 10 * 1],
    ['first given', `{ searchTokens(query: "a", first: 3) { name } }`, 1 + 3 * 1],
    ['the number of addresses', `{ tokensByAddress(addresses: ["a", "b"]) { name } }`, 1 + 2 * 1],
    // tokens(first: 20): edges are the connection's items, counted once on the connection.
    ['a connection', `{ tokens { totalCount edges { node { name } } } }`, 1 + 20 * (1 + (1 + (1 + 1)))],
    [
      'nested sizes multiply',
      `{ tokens(first: 5) { edges { node { pools(first: 4) { address } candles { close } } } } }`,
      1 + 5 * (1 + (1 + (1 + 4 * 1) + (1 + 200 * 1))),
    ],
    // A live list's snapshot and changes hold at most its first tokens, counted once on the list field.
    [
      'a live list',
      `subscription { tokenListUpdated(first: 50) { sequence snapshot { name } changes { rank token { name } } } }`,
      1 + 50 * (1 + (1 + 1) + (1 + (1 + (1 + 1)))),
    ],
    ['introspection costs nothing', `{ __schema { types { name fields { name } } } __typename }`, 0],
    ['a negative size costs nothing (the subgraph refuses it)', `{ searchTokens(query: "a", first: -5) { name } }`, 1],
  ])('%s', (_case, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  it('reads sizes from variables', () => {
    expect(cost(`query($n: Int) { searchTokens(query: "a", first: $n) { name } }`, { n: 7 })).toBe(1 + 7);
  });

  it('throws on variables that do not fit the operation', () => {
    expect(() => cost(`query($n: Int!) { searchTokens(query: "a", first: $n) { name } }`, {})).toThrow(/\$n/);
  });
});
