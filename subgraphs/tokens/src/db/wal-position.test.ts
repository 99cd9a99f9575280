import { describe, expect, it } from '@jest/globals';
import { getReplicaLagMs, parseLsnOrNull, toLsn, toLsnText } from './wal-position.js';

describe('toLsn', () => {
  it('orders LSNs across the high word', () => {
    expect(toLsn('0/FFFFFFFF') < toLsn('1/0')).toBe(true);
    expect(toLsn('16/B374D848')).toBe((0x16n << 32n) | 0xb374d848n);
  });
  it('rejects text that is not an LSN', () => {
    expect(() => toLsn('garbage')).toThrow('not an LSN');
  });
});

describe('getReplicaLagMs', () => {
  const samples = [
    { lsn: 100n, at: 1_000 },
    { lsn: 200n, at: 2_000 },
    { lsn: 300n, at: 3_000 },
  ];
  it.each([
    ['caught up with the newest sample', 300n, 0],
    ['ahead of the newest sample (primary wrote since)', 350n, 0],
    ['missing only the newest sample', 250n, 1_000],
    ['missing everything since the first sample', 150n, 2_000],
    ['behind every retained sample', 50n, 3_000],
  ])('%s', (_name, replayed, lag) => {
    expect(getReplicaLagMs(replayed, samples, 4_000)).toBe(lag);
  });
  it('is zero without samples (nothing known to be missing)', () => {
    expect(getReplicaLagMs(1n, [], 4_000)).toBe(0);
  });
});

describe('LSN text', () => {
  it('round-trips through toLsnText', () => {
    expect(toLsnText(toLsn('16/B374D848'))).toBe('16/B374D848');
    expect(toLsnText(0n)).toBe('0/0');
  });
  it.each([undefined, '', 'x/y', '1/2/3', '123456789/0', "0/0'; DROP"])('ignores malformed header value %p', (text) => {
    expect(parseLsnOrNull(text)).toBeNull();
  });
  it('parses a well-formed header value', () => {
    expect(parseLsnOrNull('0/16B3D48')).toBe(0x16b3d48n);
  });
});
