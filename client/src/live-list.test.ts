import { describe, expect, test } from '@jest/globals';
import { applyTokenListMessage, type TokenListChange, type TokenListState } from './live-list.js';

interface Row {
  chain: string;
  address: string;
  price: number;
}

const row = (address: string, price = 1): Row => ({ chain: 'SOLANA', address, price });
const change = (
  kind: TokenListChange<Row>['kind'],
  token: Row,
  rank: number | null,
  previousRank: number | null,
): TokenListChange<Row> => ({ kind, token, rank, previousRank });
const list = (sequence: number, ...addresses: string[]): TokenListState<Row> => ({
  sequence,
  rows: addresses.map((address) => row(address)),
});
const addresses = (step: ReturnType<typeof applyTokenListMessage<Row>>) =>
  'gap' in step ? 'gap' : step.state.rows.map((r) => r.address).join(' ');

describe('applyTokenListMessage', () => {
  test.each([
    ['a snapshot starts the list', undefined, { sequence: 1, snapshot: [row('a'), row('b')], changes: [] }, 'a b'],
    [
      'a snapshot replaces the list, whatever its sequence',
      list(7, 'x', 'y'),
      { sequence: 1, snapshot: [row('a')], changes: [] },
      'a',
    ],
    ['changes without a list are a gap', undefined, { sequence: 2, changes: [] }, 'gap'],
    ['a skipped sequence is a gap', list(1, 'a', 'b'), { sequence: 3, changes: [] }, 'gap'],
    ['a repeated sequence is a gap', list(2, 'a', 'b'), { sequence: 2, changes: [] }, 'gap'],
    [
      'ENTERED at rank 2 pushes the rest down, LEFT drops the last',
      list(1, 'a', 'b', 'c'),
      { sequence: 2, changes: [change('ENTERED', row('n'), 2, null), change('LEFT', row('c'), null, 3)] },
      'a n b',
    ],
    [
      'MOVED up from 3 to 1',
      list(4, 'a', 'b', 'c'),
      { sequence: 5, changes: [change('MOVED', row('c'), 1, 3), change('MOVED', row('a'), 2, 1)] },
      'c a b',
    ],
    [
      'two tokens swap ranks',
      list(1, 'a', 'b', 'c', 'd'),
      { sequence: 2, changes: [change('MOVED', row('c'), 2, 3), change('MOVED', row('b'), 3, 2)] },
      'a c b d',
    ],
    [
      'LEFT alone shortens the list',
      list(1, 'a', 'b'),
      { sequence: 2, changes: [change('LEFT', row('a'), null, 1)] },
      'b',
    ],
  ])('%s', (_name, state, message, expected) => {
    expect(addresses(applyTokenListMessage(state, message))).toBe(expected);
  });

  test('UPDATED replaces the row at its rank with the new values', () => {
    const step = applyTokenListMessage(list(1, 'a', 'b'), {
      sequence: 2,
      changes: [change('UPDATED', row('b', 2.5), 2, 2)],
    });

    expect(step).toEqual({ state: { sequence: 2, rows: [row('a'), row('b', 2.5)] } });
  });
});
