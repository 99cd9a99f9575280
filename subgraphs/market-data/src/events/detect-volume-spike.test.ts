/**
 * Spike detection and price updates on records carrying the fixture tokens' numbers
 * (../shared/fixtures/upstream: BOOSTX spikes, BONKX is steady, GIGAX is wash-traded).
 */
import { describe, expect, it } from '@jest/globals';
import type { MarketRecord } from '../model/market-model.js';
import { marketRecord } from '../model/market-record.fixture.js';
import { toPriceUpdate } from './detect-price-change.js';
import { detectVolumeSpike } from './detect-volume-spike.js';

const AT = '2025-06-15T12:00:00.000Z';
const record = (overrides: Partial<MarketRecord>): MarketRecord =>
  marketRecord({ address: 'BooSTExamp1eXyGw4i4cSsXt6B9DynK49sV2uzMnpump', updatedAt: AT, ...overrides });

const BOOSTX = record({
  liquidityUsd: 96540.2,
  volumeUsd: { M5: 152300.4, H1: 181004.6, H6: 198330.2, H24: 240112.5 },
});
const BONKX = record({ liquidityUsd: 1845320.55, volumeUsd: { M5: 9870.2, H1: 121045.77, H24: 3412876.12 } });
const GIGAX = record({
  liquidityUsd: 1204.33,
  volumeUsd: { M5: 12400000.75, H1: 98700000.25, H24: 987654321.09 },
  suspectVolume: true,
});
const defaults = { minRatio: 2, minVolumeUsd: 10_000, minLiquidityUsd: 10_000 };
const anything = { minRatio: 1, minVolumeUsd: 0, minLiquidityUsd: 0 };
const boostBaseline = (181004.6 - 152300.4) / 11;

describe('detectVolumeSpike', () => {
  it.each([
    [
      'BOOSTX fires: 152k in 5 min against ~2.6k per slot over the rest of the hour',
      BOOSTX,
      defaults,
      {
        window: 'M5',
        volumeUsd: 152300.4,
        baselineVolumeUsd: boostBaseline,
        ratio: 152300.4 / boostBaseline,
      },
    ],
    ['BONKX does not: its last 5 min are an ordinary slot', BONKX, defaults, null],
    ['GIGAX does not: suspect volume never fires, whatever the thresholds', GIGAX, anything, null],
    [
      'GIGAX unflagged would (so the flag is what stops it)',
      { ...GIGAX, suspectVolume: false },
      anything,
      {
        window: 'M5',
        volumeUsd: 12400000.75,
        baselineVolumeUsd: (98700000.25 - 12400000.75) / 11,
        ratio: 12400000.75 / ((98700000.25 - 12400000.75) / 11),
      },
    ],
    ['below the volume floor', BOOSTX, { ...defaults, minVolumeUsd: 200_000 }, null],
    ['below the liquidity floor', BOOSTX, { ...defaults, minLiquidityUsd: 100_000 }, null],
    ['unknown liquidity', { ...BOOSTX, liquidityUsd: null }, anything, null],
    ['below the ratio', BOOSTX, { ...defaults, minRatio: 60 }, null],
    [
      'no M5 window (MOONX-style sparse record)',
      record({ liquidityUsd: 6120, volumeUsd: { H24: 842.17 } }),
      anything,
      null,
    ],
    [
      'the whole hour in the last 5 min: finite ratio over the $1 baseline floor',
      record({
        liquidityUsd: 50_000,
        volumeUsd: { M5: 40_000, H1: 40_000 },
      }),
      defaults,
      { window: 'M5', volumeUsd: 40_000, baselineVolumeUsd: 0, ratio: 40_000 },
    ],
    [
      'H1 below M5 (snapshots mixed) counts as a zero baseline',
      record({
        liquidityUsd: 50_000,
        volumeUsd: { M5: 40_000, H1: 39_000 },
      }),
      { ...defaults, minBaselineUsd: 100 },
      { window: 'M5', volumeUsd: 40_000, baselineVolumeUsd: 0, ratio: 400 },
    ],
  ] as const)('%s', (_name, input, options, expected) => {
    expect(detectVolumeSpike(input, options)).toEqual(expected);
  });

  it('reads BOOSTX far above 12×, which an H1/12 baseline could never report', () => {
    expect(detectVolumeSpike(BOOSTX, defaults)?.ratio).toBeGreaterThan(12);
  });
});

describe('toPriceUpdate', () => {
  const at = '2025-06-15T12:00:30.000Z';
  const priced = (priceUsd: number | null, updatedAt = AT) => record({ priceUsd, updatedAt });
  it.each([
    [
      'first price: no previous record',
      null,
      priced(1.7901, at),
      { priceUsd: 1.7901, previousPriceUsd: null, changePct: 0, at },
    ],
    [
      'first price: previous record had none',
      priced(null),
      priced(1.7901, at),
      {
        priceUsd: 1.7901,
        previousPriceUsd: null,
        changePct: 0,
        at,
      },
    ],
    ['unchanged', priced(1.7901), priced(1.7901, at), null],
    ['next has no price', priced(1.7901), priced(null, at), null],
    ['up 10 %', priced(1.65), priced(1.815, at), { priceUsd: 1.815, previousPriceUsd: 1.65, changePct: 10, at }],
    [
      'a 1.2e-9 price moving 0.01 %',
      priced(1.2339e-9),
      priced(1.23402339e-9, at),
      {
        priceUsd: 1.23402339e-9,
        previousPriceUsd: 1.2339e-9,
        changePct: 0.01,
        at,
      },
    ],
  ] as const)('%s', (_name, previous, next, expected) => {
    const update = toPriceUpdate(previous, next);
    if (expected === null) return expect(update).toBeNull();
    expect(update).toMatchObject({ ...expected, changePct: expect.any(Number) });
    expect(update?.changePct).toBeCloseTo(expected.changePct, 9);
  });
});
