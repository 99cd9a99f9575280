import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, getOperationAST, Kind, parse } from 'graphql';
import { getTokenSelection, toHydrationQuery, withSnapshotMarket } from './token-selection.js';

const schema = buildSchema(readFileSync(new URL('../../../schema/api-contract.graphql', import.meta.url), 'utf8'));

/** The token selection of a priceUpdated (or tokenDiscovered) subscription. */
function selectionOf(query: string, variables: Record<string, unknown> = {}, splitLasting = true) {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  const root = operation.selectionSet.selections[0]!;
  if (root.kind !== Kind.FIELD) throw new Error('select the field directly');
  return getTokenSelection(
    schema,
    document,
    operation,
    root,
    root.name.value === 'tokenDiscovered',
    variables,
    splitLasting,
  );
}
/** Printed GraphQL on one line. */
const flat = (printed: string | undefined) => printed?.replace(/\s+/g, ' ') ?? null;
const parts = (query: string, variables?: Record<string, unknown>) => {
  const { needsHydration, lasting, live } = selectionOf(query, variables);
  return { needsHydration, lasting: flat(lasting?.selection), live: flat(live?.selection) };
};

describe('getTokenSelection', () => {
  it('needs no hydration for what the event carries', () => {
    expect(parts('subscription { priceUpdated { token { chain address __typename } } }')).toEqual({
      needsHydration: false,
      lasting: null,
      live: 'chain address __typename',
    });
  });

  it('splits metadata (kept per token) from fields events change (queried per event)', () => {
    expect(
      parts(
        'subscription { priceUpdated { changePct token { address name sym: symbol market { priceUsd } pools(first: 2) { address } links { url } } } }',
      ),
    ).toEqual({
      needsHydration: true,
      lasting: 'address name sym: symbol links { url }',
      live: 'market { priceUsd } pools(first: 2) { address }',
    });
  });

  it('does not split when lasting fields are not kept: one query for the whole selection', () => {
    const whole = selectionOf('subscription { priceUpdated { token { name market { priceUsd } } } }', {}, false);
    expect(whole.lasting).toBeNull();
    expect(flat(whole.live?.selection)).toBe('name market { priceUsd }');
  });

  it('keeps stored history and candles live: events write them', () => {
    expect(
      parts('subscription { tokenDiscovered { name history7d { volumeUsd } candles(resolution: M1) { close } } }'),
    ).toEqual({
      needsHydration: true,
      lasting: 'name',
      live: 'history7d { volumeUsd } candles(resolution: M1) { close }',
    });
  });

  it('puts a fragment in the lasting part only when every field in it is lasting, with its definitions', () => {
    const query = `subscription { priceUpdated { token { ...Meta ... on Token { market { priceUsd } name } } } }
      fragment Meta on Token { symbol ...More } fragment More on Token { decimals }`;
    const { lasting, live } = selectionOf(query);
    expect(flat(lasting?.selection)).toBe('...Meta');
    expect(flat(lasting?.fragments)).toBe(
      'fragment Meta on Token { symbol ...More } fragment More on Token { decimals }',
    );
    expect(flat(live?.selection)).toBe('... on Token { market { priceUsd } name }');
    expect(live?.fragments).toBe('');
  });

  it('does not split when a response name would come from both parts, or when only carried fields are lasting', () => {
    const overlap = parts(
      'subscription { priceUpdated { token { links { url } ... on Token { links { kind } market { priceUsd } } } } }',
    );
    expect(overlap.lasting).toBeNull();
    expect(overlap.live).toContain('links');
    expect(parts('subscription { priceUpdated { token { address market { priceUsd } } } }')).toMatchObject({
      lasting: null,
      live: 'address market { priceUsd }',
    });
  });

  it('inlines variables so equal values share one key and a part stands alone as a query', () => {
    const query = 'subscription($n: Int) { priceUpdated { token { name pools(first: $n) { address } } } }';
    const two = selectionOf(query, { n: 2 });
    expect(two.live?.selection).toContain('pools(first: 2)');
    expect(selectionOf(query, { n: 2 }).live?.key).toBe(two.live?.key);
    expect(selectionOf(query, { n: 3 }).live?.key).not.toBe(two.live?.key);
    // What is kept per token is named by a fixed-size hash of the key, however long the selection.
    expect(two.live?.id).toMatch(/^[\w-]{43}$/);
    expect(selectionOf(query, { n: 2 }).live?.id).toBe(two.live?.id);
    expect(selectionOf(query, { n: 3 }).live?.id).not.toBe(two.live?.id);
    expect(toHydrationQuery(two.lasting!)).toBe(
      'query TokenHydration($chain: Chain!, $addresses: [String!]!) { tokensByAddress(chain: $chain, addresses: $addresses) { name } }',
    );
  });

  it('adds the snapshot market to the live part, leaving the lasting part shared', () => {
    const selection = selectionOf('subscription { priceUpdated { token { name } } }');
    const snapshot = withSnapshotMarket(selection);
    expect(snapshot.lasting).toBe(selection.lasting);
    expect(snapshot.live?.selection).toBe('memegraphSnapshotMarket: market { priceUsd updatedAt }');
  });
});
