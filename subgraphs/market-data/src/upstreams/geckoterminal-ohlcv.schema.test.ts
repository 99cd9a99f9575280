import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ZodError } from 'zod';
import { getOhlcvWidthMs, toGeckoTerminalOhlcv } from './geckoterminal-ohlcv.schema.js';

const fixture = JSON.parse(
  readFileSync(new URL('../../../../local/fixtures/upstream/geckoterminal-pool-ohlcv.json', import.meta.url), 'utf8'),
);
const HOUR = getOhlcvWidthMs('hour', 1);
const body = (rows: unknown[]) => ({ data: { attributes: { ohlcv_list: rows } } });
const good = [1749985200, 1.7672, 1.8026, 1.7434, 1.7901, 423624.13];

describe('toGeckoTerminalOhlcv', () => {
  it('maps the recorded page to 47 candles, oldest first, in ms, the newest closing at the pool price', () => {
    const { candles, dropped } = toGeckoTerminalOhlcv(fixture, HOUR);
    expect(dropped).toBe(0);
    expect(candles).toHaveLength(47);
    expect(candles[0]).toEqual({
      t: 1749816000_000,
      open: 1.9246,
      high: 1.9402,
      low: 1.8721,
      close: 1.9055,
      volumeUsd: 336492.25,
    });
    expect(candles.at(-1)).toMatchObject({ t: 1749985200_000, close: 1.7901 });
    expect(candles.every((c, i) => i === 0 || c.t > candles[i - 1]!.t)).toBe(true);
  });

  it.each([
    ['a price as a string', [1749985200, '1.7672', 1.8026, 1.7434, 1.7901, 1]],
    ['a zero price', [1749985200, 0, 1.8026, 1.7434, 1.7901, 1]],
    ['a negative volume', [1749985200, 1.7672, 1.8026, 1.7434, 1.7901, -1]],
    ['low above the open', [1749985200, 1.7672, 1.8026, 1.78, 1.7901, 1]],
    ['high below the close', [1749985200, 1.7672, 1.78, 1.7434, 1.7901, 1]],
    ['an open time off the bucket', [1749985260, 1.7672, 1.8026, 1.7434, 1.7901, 1]],
    ['a fractional open time', [1749985200.5, 1.7672, 1.8026, 1.7434, 1.7901, 1]],
    ['five values', [1749985200, 1.7672, 1.8026, 1.7434, 1.7901]],
    ['not an array', { t: 1749985200 }],
    ['an infinite price', [1749985200, 1.7672, Infinity, 1.7434, 1.7901, 1]],
  ])('drops and counts a row with %s, keeping the others', (_name, bad) => {
    const earlier = [1749981600, 1.8277, 1.8435, 1.757, 1.7672, 350233.37];
    const { candles, dropped } = toGeckoTerminalOhlcv(body([bad, earlier]), HOUR);
    expect(dropped).toBe(1);
    expect(candles.map((c) => c.t)).toEqual([1749981600_000]);
  });

  it('drops a repeated open time (the first one seen is kept)', () => {
    const { candles, dropped } = toGeckoTerminalOhlcv(body([good, [...good.slice(0, 4), 1.7, 1]]), HOUR);
    expect(dropped).toBe(1);
    expect(candles).toHaveLength(1);
    expect(candles[0]!.close).toBe(1.7901);
  });

  it('answers an empty page with no candles (history exhausted, or no trades)', () => {
    expect(toGeckoTerminalOhlcv(body([]), HOUR)).toEqual({ candles: [], dropped: 0 });
  });

  it.each([
    ['a bare string', 'nope'],
    ['no ohlcv_list', { data: { attributes: {} } }],
    ['null', null],
  ])('rejects a document that is %s whole', (_name, document) => {
    expect(() => toGeckoTerminalOhlcv(document, HOUR)).toThrow(ZodError);
  });
});
