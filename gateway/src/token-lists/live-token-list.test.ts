import { describe, expect, it } from '@jest/globals';
import { LiveTokenList } from './live-token-list.js';

const spec = { filter: { chain: 'SOLANA' }, sort: { field: 'LIQUIDITY', direction: 'DESC' }, first: 10 } as never;

describe('LiveTokenList snapshots', () => {
  it('shares one execution cache per state, but times each snapshot from when it was asked for', async () => {
    const list = new LiveTokenList('key', spec, 500);
    list.receive([], '2026-12-03T00:00:00.000Z');
    const first = list.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const late = list.snapshot();
    // A late joiner's delivery time starts at its join, not at the first snapshot of this state.
    expect(late.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(25);
    expect(late.executions).toBe(first.executions);
    expect(late.entries).toBe(first.entries);
    list.close();
  });
});
