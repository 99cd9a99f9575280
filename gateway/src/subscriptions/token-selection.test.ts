import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { buildSchema, getOperationAST, Kind, parse } from 'graphql';
import { getTokenSelection, toHydrationQuery, withSnapshotMarket } from './token-selection.js';

const schema = buildSchema(readFileSync(new URL('../../../schema/api-contract.graphql', import.meta.url), 'utf8'));

/** The token selection of a priceUpdated (or tokenDiscovered) subscription. */
function selectionOf(query: string, variables: Record<string, unknown> = {}, splitMetadata = true) {
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
    splitMetadata,
  );
}
/** Printed GraphQL on one line. */
const flat = (printed: string | undefined) => printed?.replace(/\s+/g, ' ') ?? null;
const parts = (query: string, variables?: Record<string, unknown>) => {
  const { needsHydration, metadata, perEvent } = selectionOf(query, variables);
  return { needsHydration, metadata: flat(metadata?.selection), perEvent: flat(perEvent?.selection) };
};

describe('getTokenSelection', () => {
  it('needs no hydration for what the event carries', () => {
    expect(parts('subscription { priceUpdated { token { chain address __typename } } }')).toEqual({
      needsHydration: false,
      metadata: null,
      perEvent: 'chain address __typename',
    });
  });

  it('splits metadata (kept per token) from fields events change (queried per event)', () => {
    expect(
      parts(
        'subscription { priceUpdated { changePct token { address name sym: symbol market { priceUsd } pools(first: 2) { address } links { url } } } }',
      ),
    ).toEqual({
      needsHydration: true,
      metadata: 'address name sym: symbol links { url }',
      perEvent: 'market { priceUsd } pools(first: 2) { address }',
    });
  });

  it('does not split when metadata fields are not kept: one query for the whole selection', () => {
    const whole = selectionOf('subscription { priceUpdated { token { name market { priceUsd } } } }', {}, false);
    expect(whole.metadata).toBeNull();
    expect(flat(whole.perEvent?.selection)).toBe('name market { priceUsd }');
  });

  it('keeps stored history and candles per event: events write them', () => {
    expect(
      parts('subscription { tokenDiscovered { name history7d { volumeUsd } candles(resolution: M1) { close } } }'),
    ).toEqual({
      needsHydration: true,
      metadata: 'name',
      perEvent: 'history7d { volumeUsd } candles(resolution: M1) { close }',
    });
  });

  it('puts a fragment in the metadata part only when every field in it is metadata, with its definitions', () => {
    const query = `subscription { priceUpdated { token { ...Meta ... on Token { market { priceUsd } name } } } }
      fragment Meta on Token { symbol ...More } fragment More on Token { decimals }`;
    const { metadata, perEvent } = selectionOf(query);
    expect(flat(metadata?.selection)).toBe('...Meta');
    expect(flat(metadata?.fragments)).toBe(
      'fragment Meta on Token { symbol ...More } fragment More on Token { decimals }',
    );
    expect(flat(perEvent?.selection)).toBe('... on Token { market { priceUsd } name }');
    expect(perEvent?.fragments).toBe('');
  });

  it('does not split when a response name would come from both parts, or when the metadata part holds only carried fields', () => {
    const overlap = parts(
      'subscription { priceUpdated { token { links { url } ... on Token { links { kind } market { priceUsd } } } } }',
    );
    expect(overlap.metadata).toBeNull();
    expect(overlap.perEvent).toContain('links');
    expect(parts('subscription { priceUpdated { token { address market { priceUsd } } } }')).toMatchObject({
      metadata: null,
      perEvent: 'address market { priceUsd }',
    });
  });

  it('inlines variables so equal values share one key and a part stands alone as a query', () => {
    const query = 'subscription($n: Int) { priceUpdated { token { name pools(first: $n) { address } } } }';
    const two = selectionOf(query, { n: 2 });
    expect(two.perEvent?.selection).toContain('pools(first: 2)');
    expect(selectionOf(query, { n: 2 }).perEvent?.key).toBe(two.perEvent?.key);
    expect(selectionOf(query, { n: 3 }).perEvent?.key).not.toBe(two.perEvent?.key);
    // What is kept per token is named by a fixed-size hash of the key, however long the selection.
    expect(two.perEvent?.id).toMatch(/^[\w-]{43}$/);
    expect(selectionOf(query, { n: 2 }).perEvent?.id).toBe(two.perEvent?.id);
    expect(selectionOf(query, { n: 3 }).perEvent?.id).not.toBe(two.perEvent?.id);
    expect(toHydrationQuery(two.metadata!)).toBe(
      'query TokenHydration($chain: Chain!, $addresses: [String!]!) { tokensByAddress(chain: $chain, addresses: $addresses) { name } }',
    );
  });

  it('answers top-level market fields of live windows from a price event, hydrating only the rest', () => {
    const fromEvent = (query: string, variables?: Record<string, unknown>, split = true) => {
      const found = selectionOf(query, variables, split).fromEvent;
      return found && { marketNames: found.marketNames, perEvent: flat(found.perEvent?.selection) };
    };
    expect(fromEvent('subscription { priceUpdated { token { symbol name market { priceUsd } } } }')).toEqual({
      marketNames: ['market'],
      perEvent: null,
    });
    expect(
      fromEvent(
        'query($w: Window!) { priceUpdated { token { m: market { priceUsd volumeUsd(window: $w) txns(window: H1) { buys sells } stale updatedAt } pools { address } } } }',
        { w: 'H24' },
      ),
    ).toEqual({ marketNames: ['m'], perEvent: 'pools { address }' });
    // Without a metadata split, the rest of the selection is hydrated as one part; carried fields need no query.
    expect(fromEvent('subscription { priceUpdated { token { name market { priceUsd } } } }', {}, false)).toEqual({
      marketNames: ['market'],
      perEvent: 'name',
    });
    expect(fromEvent('subscription { priceUpdated { token { address market { priceUsd } } } }', {}, false)).toEqual({
      marketNames: ['market'],
      perEvent: null,
    });
    // D7 (stored history, literal or variable) and sources are not in the event: that market field is hydrated.
    expect(fromEvent('subscription { priceUpdated { token { market { volumeUsd(window: D7) } } } }')).toBeNull();
    expect(
      fromEvent('query($w: Window!) { priceUpdated { token { market { priceChangePct(window: $w) } } } }', { w: 'D7' }),
    ).toBeNull();
    expect(fromEvent('subscription { priceUpdated { token { market { sources { source } } } } }')).toBeNull();
    expect(
      fromEvent('subscription { priceUpdated { token { a: market { priceUsd } b: market { sources { source } } } } }'),
    ).toEqual({ marketNames: ['a'], perEvent: 'b: market { sources { source } }' });
  });

  it('adds the snapshot market to the per-event part, leaving the metadata part shared', () => {
    const selection = selectionOf('subscription { priceUpdated { token { name } } }');
    const snapshot = withSnapshotMarket(selection);
    expect(snapshot.metadata).toBe(selection.metadata);
    expect(snapshot.perEvent?.selection).toBe('memegraphSnapshotMarket: market { priceUsd updatedAt }');
    // A snapshot has no event to answer market fields from: they are hydrated with the rest.
    const withMarket = withSnapshotMarket(
      selectionOf('subscription { priceUpdated { token { market { priceUsd } } } }'),
    );
    expect(withMarket.fromEvent).toBeNull();
    expect(flat(withMarket.perEvent?.selection)).toBe(
      'market { priceUsd } memegraphSnapshotMarket: market { priceUsd updatedAt }',
    );
  });
});
