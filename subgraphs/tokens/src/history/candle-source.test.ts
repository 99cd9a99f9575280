import { describe, expect, it } from '@jest/globals';
import { mergeMinuteCandles } from './candle-rollup.js';
import { mergeIntoSlot, toBackfilledCandle, type StoredCandle } from './candle-source.js';

const T = Date.UTC(2026, 0, 10, 12, 0);
const upstream = { t: T, open: 1, high: 3, low: 0.5, close: 2, volumeUsd: 100 };
const backfilled = (close: number): StoredCandle => ({ ...toBackfilledCandle('M1', upstream)!, close, high: 3 });
const own = (close: number, at = T + 30_000): StoredCandle => ({
  t: T,
  open: close,
  high: close,
  low: close,
  close,
  openAt: at,
  closeAt: at,
  volumeUsd: 5,
  samples: 1,
  source: 'SNAPSHOTS',
});

describe('toBackfilledCandle', () => {
  it('spans the whole bucket, one sample, marked GECKOTERMINAL', () => {
    expect(toBackfilledCandle('H1', upstream)).toEqual({
      ...upstream,
      openAt: T,
      closeAt: T + 3_600_000 - 1,
      samples: 1,
      source: 'GECKOTERMINAL',
    });
  });

  it('refuses a bucket start that does not fit the resolution', () => {
    expect(toBackfilledCandle('H1', { ...upstream, t: T + 60_000 })).toBeNull();
    expect(toBackfilledCandle('M1', { ...upstream, t: T + 60_000 })).not.toBeNull();
  });
});

describe('mergeIntoSlot: our own snapshots win', () => {
  it.each<[string, StoredCandle | null, StoredCandle, StoredCandle]>([
    ['a backfilled candle fills an empty slot', null, backfilled(2), backfilled(2)],
    [
      'a backfilled candle replaces a backfilled one (a later fetch knows more)',
      backfilled(2),
      backfilled(2.5),
      backfilled(2.5),
    ],
    ['a backfilled candle never touches our own', own(1.7), backfilled(2), own(1.7)],
    ['our own candle replaces a backfilled one whole', backfilled(2), own(1.7), own(1.7)],
    ['our own candle fills an empty slot', null, own(1.7), own(1.7)],
    [
      'our own candles merge by the existing rules',
      own(1.7, T + 10_000),
      own(1.9, T + 50_000),
      { ...mergeMinuteCandles(own(1.7, T + 10_000), own(1.9, T + 50_000)), source: 'SNAPSHOTS' },
    ],
  ])('%s', (_name, existing, incoming, expected) => {
    expect(mergeIntoSlot(existing, incoming, mergeMinuteCandles)).toEqual(expected);
  });

  it('ends the same whichever arrives first, backfill or our own', () => {
    const ownFirst = mergeIntoSlot(
      mergeIntoSlot(null, own(1.7), mergeMinuteCandles),
      backfilled(2),
      mergeMinuteCandles,
    );
    const backfillFirst = mergeIntoSlot(
      mergeIntoSlot(null, backfilled(2), mergeMinuteCandles),
      own(1.7),
      mergeMinuteCandles,
    );
    expect(ownFirst).toEqual(own(1.7));
    expect(backfillFirst).toEqual(own(1.7));
  });
});
