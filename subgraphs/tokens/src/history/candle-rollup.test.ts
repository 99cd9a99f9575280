import { describe, expect, it } from '@jest/globals';
import type { Resolution } from '../generated/resolvers.js';
import {
  RESOLUTIONS,
  getBucketStart,
  getMinuteCandles,
  mergeMinuteCandles,
  rollUp,
  toMinuteCandle,
  type CandleValue,
  type PriceSample,
} from './candle-rollup.js';

const ms = (iso: string) => Date.parse(iso);
const sample = (iso: string, priceUsd: number, volumeUsdM5: number | null = null): PriceSample => ({
  at: ms(iso),
  priceUsd,
  volumeUsdM5,
});
/** A candle's prices and volume, with times as ISO strings for readable tables. */
const view = (c: CandleValue) => ({
  t: new Date(c.t).toISOString(),
  o: c.open,
  h: c.high,
  l: c.low,
  c: c.close,
  v: c.volumeUsd,
  n: c.samples,
});

describe('getBucketStart', () => {
  it.each<[Resolution, string, string]>([
    ['M1', '2026-11-27T03:17:59.999Z', '2026-11-27T03:17:00.000Z'],
    ['M5', '2026-11-27T03:17:59.999Z', '2026-11-27T03:15:00.000Z'],
    ['M15', '2026-11-27T03:14:59.000Z', '2026-11-27T03:00:00.000Z'],
    ['M15', '2026-11-27T03:15:00.000Z', '2026-11-27T03:15:00.000Z'],
    ['H1', '2026-11-27T03:59:59.999Z', '2026-11-27T03:00:00.000Z'],
    ['H4', '2026-11-27T03:59:59.999Z', '2026-11-27T00:00:00.000Z'],
    ['H4', '2026-11-27T23:00:00.000Z', '2026-11-27T20:00:00.000Z'],
    ['D1', '2026-11-27T23:59:59.999Z', '2026-11-27T00:00:00.000Z'],
    ['D1', '2026-11-28T00:00:00.000Z', '2026-11-28T00:00:00.000Z'],
  ])('%s bucket of %s starts at %s (UTC)', (resolution, at, start) => {
    expect(new Date(getBucketStart(resolution, ms(at))).toISOString()).toBe(start);
  });
});

describe('toMinuteCandle', () => {
  it.each<[string, PriceSample, ReturnType<typeof view>]>([
    [
      'estimates the minute volume as a fifth of the rolling 5-minute volume',
      sample('2026-11-27T03:17:42Z', 2, 500),
      { t: '2026-11-27T03:17:00.000Z', o: 2, h: 2, l: 2, c: 2, v: 100, n: 1 },
    ],
    [
      'leaves volume unknown when the sample has none',
      sample('2026-11-27T03:17:42Z', 2),
      { t: '2026-11-27T03:17:00.000Z', o: 2, h: 2, l: 2, c: 2, v: null, n: 1 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(view(toMinuteCandle(input))).toEqual(expected);
  });
});

describe('mergeMinuteCandles / getMinuteCandles', () => {
  it.each<[string, PriceSample[], ReturnType<typeof view>[]]>([
    [
      'in order: open first, close last, extremes, the largest volume estimate',
      [
        sample('2026-11-27T03:17:05Z', 2, 50),
        sample('2026-11-27T03:17:30Z', 5, 100),
        sample('2026-11-27T03:17:55Z', 1, 25),
      ],
      [{ t: '2026-11-27T03:17:00.000Z', o: 2, h: 5, l: 1, c: 1, v: 20, n: 3 }],
    ],
    [
      'out of order: the same candle whatever the arrival order',
      [
        sample('2026-11-27T03:17:55Z', 1, 25),
        sample('2026-11-27T03:17:05Z', 2, 50),
        sample('2026-11-27T03:17:30Z', 5, 100),
      ],
      [{ t: '2026-11-27T03:17:00.000Z', o: 2, h: 5, l: 1, c: 1, v: 20, n: 3 }],
    ],
    [
      'a last sample without volume keeps the volume of an earlier one',
      [sample('2026-11-27T03:17:05Z', 2, 50), sample('2026-11-27T03:17:55Z', 3)],
      [{ t: '2026-11-27T03:17:00.000Z', o: 2, h: 3, l: 2, c: 3, v: 10, n: 2 }],
    ],
    [
      'separate minutes stay separate, oldest first',
      [sample('2026-11-27T03:18:01Z', 4), sample('2026-11-27T03:17:59Z', 3)],
      [
        { t: '2026-11-27T03:17:00.000Z', o: 3, h: 3, l: 3, c: 3, v: null, n: 1 },
        { t: '2026-11-27T03:18:00.000Z', o: 4, h: 4, l: 4, c: 4, v: null, n: 1 },
      ],
    ],
  ])('%s', (_name, samples, expected) => {
    expect(getMinuteCandles(samples).map(view)).toEqual(expected);
  });

  it('changes only the sample count when the same sample is merged again (redelivery)', () => {
    const once = getMinuteCandles([sample('2026-11-27T03:17:05Z', 2, 50), sample('2026-11-27T03:17:40Z', 4, 10)]);
    const again = mergeMinuteCandles(once[0]!, toMinuteCandle(sample('2026-11-27T03:17:05Z', 2, 50)));
    expect({ ...view(again), n: 0 }).toEqual({ ...view(once[0]!), n: 0 });
    expect(again.samples).toBe(3);
  });

  it('breaks time ties by keeping the existing open and taking the incoming close', () => {
    const a = toMinuteCandle(sample('2026-11-27T03:17:05Z', 2));
    const b = toMinuteCandle(sample('2026-11-27T03:17:05Z', 3));
    expect(view(mergeMinuteCandles(a, b))).toMatchObject({ o: 2, c: 3 });
  });
});

describe('rollUp', () => {
  const minutes = getMinuteCandles([
    sample('2026-11-27T03:59:30Z', 10, 500),
    sample('2026-11-27T03:01:00Z', 8, 50),
    sample('2026-11-27T04:02:00Z', 12),
    sample('2026-11-27T03:30:10Z', 15, 250),
    sample('2026-11-27T03:30:50Z', 6),
  ]);

  it.each<[Resolution, ReturnType<typeof view>[]]>([
    [
      'M15',
      [
        { t: '2026-11-27T03:00:00.000Z', o: 8, h: 8, l: 8, c: 8, v: 10, n: 1 },
        { t: '2026-11-27T03:30:00.000Z', o: 15, h: 15, l: 6, c: 6, v: 50, n: 2 },
        { t: '2026-11-27T03:45:00.000Z', o: 10, h: 10, l: 10, c: 10, v: 100, n: 1 },
        { t: '2026-11-27T04:00:00.000Z', o: 12, h: 12, l: 12, c: 12, v: null, n: 1 },
      ],
    ],
    [
      'H1',
      [
        { t: '2026-11-27T03:00:00.000Z', o: 8, h: 15, l: 6, c: 10, v: 160, n: 4 },
        { t: '2026-11-27T04:00:00.000Z', o: 12, h: 12, l: 12, c: 12, v: null, n: 1 },
      ],
    ],
    [
      'H4',
      [
        { t: '2026-11-27T00:00:00.000Z', o: 8, h: 15, l: 6, c: 10, v: 160, n: 4 },
        { t: '2026-11-27T04:00:00.000Z', o: 12, h: 12, l: 12, c: 12, v: null, n: 1 },
      ],
    ],
    ['D1', [{ t: '2026-11-27T00:00:00.000Z', o: 8, h: 15, l: 6, c: 12, v: 160, n: 5 }]],
  ])('rolls minute candles up to %s', (resolution, expected) => {
    expect(rollUp(minutes, resolution).map(view)).toEqual(expected);
  });

  it('gives the same candles rolled up step by step as at once', () => {
    let stepwise = minutes;
    for (const resolution of RESOLUTIONS.slice(1)) {
      stepwise = rollUp(stepwise, resolution);
      expect(stepwise).toEqual(rollUp(minutes, resolution));
    }
  });
});
