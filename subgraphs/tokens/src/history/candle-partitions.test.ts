import { describe, expect, it } from '@jest/globals';
import { parseCandlePartition, toCandlePartition, toPartitionPlan, type CandlePartition } from './candle-partitions.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const names = (partitions: CandlePartition[]) => partitions.map((p) => p.name);
const retention = { M1: 2, M5: 14, M15: 31, H1: 92, H4: 0, D1: 0 };

describe('toCandlePartition / parseCandlePartition', () => {
  it.each([
    ['M1', '2026-12-03T00:00:00Z', 'price_candles_m1_20261203', DAY],
    ['M5', '2026-12-03T00:00:00Z', 'price_candles_m5_20261203', 7 * DAY],
    ['H1', '2026-11-20T00:00:00Z', 'price_candles_h1_20261120', 30 * DAY],
  ] as const)('%s from %s is %s, %i ms wide, and reads back', (resolution, from, name, width) => {
    const partition = toCandlePartition(resolution, at(from));
    expect(partition).toEqual({ resolution, from: at(from), to: at(from) + width, name });
    expect(parseCandlePartition(name)).toEqual(partition);
  });

  it.each(['price_candles_m1_default', 'price_candles_h4', 'price_candles_m1_2026120', 'tokens'])(
    'does not read %s as a time partition',
    (name) => expect(parseCandlePartition(name)).toBeUndefined(),
  );

  it('refuses resolutions kept in one partition', () => {
    expect(() => toCandlePartition('D1', 0)).toThrow(/not partitioned by time/);
  });
});

describe('toPartitionPlan', () => {
  const now = at('2026-12-03T15:00:00Z');

  it('creates the current and the next two windows of every partitioned resolution on an empty table', () => {
    const { create, drop } = toPartitionPlan([], now, retention);
    // Epoch-aligned: weeks start on Thursdays (1970-01-01 was one), 30-day windows every 30 days from it;
    // 2026-12-03 happens to start both.
    expect(names(create)).toEqual([
      'price_candles_m1_20261203',
      'price_candles_m1_20261204',
      'price_candles_m1_20261205',
      'price_candles_m5_20261203',
      'price_candles_m5_20261210',
      'price_candles_m5_20261217',
      'price_candles_m15_20261203',
      'price_candles_m15_20261210',
      'price_candles_m15_20261217',
      'price_candles_h1_20261203',
      'price_candles_h1_20270102',
      'price_candles_h1_20270201',
    ]);
    expect(drop).toEqual([]);
  });

  it('creates only what is missing', () => {
    const existing = toPartitionPlan([], now, retention).create;
    expect(toPartitionPlan(existing, now, retention).create).toEqual([]);
    expect(names(toPartitionPlan(existing, now + DAY, retention).create)).toEqual(['price_candles_m1_20261206']);
  });

  it.each([
    // [case, partition, days later, dropped?]
    ['an M1 day ends 2 days before now: dropped', 'price_candles_m1_20261203', 3, true],
    ['an M1 day still within 2 days: kept', 'price_candles_m1_20261203', 2, false],
    ['an M5 week past 14 days: dropped', 'price_candles_m5_20261203', 22, true],
    ['an M5 week within 14 days: kept', 'price_candles_m5_20261203', 20, false],
    ['an H1 window past 92 days: dropped', 'price_candles_h1_20261120', 123, true],
  ] as const)('%s', (_case, name, daysLater, dropped) => {
    const partition = parseCandlePartition(name)!;
    const plan = toPartitionPlan([partition], now + daysLater * DAY, retention);
    expect(names(plan.drop)).toEqual(dropped ? [name] : []);
  });

  it('keeps everything and creates no past window when retention is 0 (forever)', () => {
    const old = parseCandlePartition('price_candles_m1_20200101')!;
    const plan = toPartitionPlan([old], now, { ...retention, M1: 0 });
    expect(plan.drop).toEqual([]);
    expect(names(plan.create).filter((n) => n.startsWith('price_candles_m1_'))).toEqual([
      'price_candles_m1_20261203',
      'price_candles_m1_20261204',
      'price_candles_m1_20261205',
    ]);
  });

  it('never creates a window that is already past its retention', () => {
    // Retention of M1 shorter than a window: with 0.5 days, today's window (ending tonight) is still needed.
    const plan = toPartitionPlan([], now, { ...retention, M1: 0.5 });
    expect(names(plan.create).filter((n) => n.startsWith('price_candles_m1_'))[0]).toBe('price_candles_m1_20261203');
  });
});
