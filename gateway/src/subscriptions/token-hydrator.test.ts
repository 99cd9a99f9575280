import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { TokenHydrator, type RunQuery } from './token-hydrator.js';
import type { TokenSelection } from './token-selection.js';

const selection: TokenSelection = { key: 'symbol', selection: '{ symbol }', fragments: '', needsHydration: true };

/** Records every hydration call and answers tokensByAddress in key order, like the tokens subgraph. */
function recordingRun() {
  const calls: string[][] = [];
  const run: RunQuery = async (_query, variables) => {
    const addresses = variables.addresses as string[];
    calls.push(addresses);
    if (addresses.length > 100) return { data: null, errors: [{ message: 'at most 100 addresses' }] };
    return { data: { tokensByAddress: addresses.map((address) => ({ symbol: `S-${address}` })) } };
  };
  return { calls, run };
}

describe('TokenHydrator', () => {
  it('hydrates each token once per window, whatever the number of waiters', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 5, createLogger('test', 'silent'));
    const results = await Promise.all(
      [1, 2, 3].map(() => hydrator.hydrate(selection, { chain: 'SOLANA', address: 'A' })),
    );
    expect(calls).toEqual([['A']]);
    expect(results).toEqual([{ symbol: 'S-A' }, { symbol: 'S-A' }, { symbol: 'S-A' }]);
  });

  it('never asks for more than 100 addresses in one call, so a burst is not dropped', async () => {
    const { calls, run } = recordingRun();
    const hydrator = new TokenHydrator(run, 50, createLogger('test', 'silent'));
    const addresses = Array.from({ length: 250 }, (_, i) => `T${i}`);
    const results = await Promise.all(
      addresses.map((address) => hydrator.hydrate(selection, { chain: 'SOLANA', address })),
    );
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
    expect(results.map((r) => r?.symbol)).toEqual(addresses.map((a) => `S-${a}`));
  });
});
