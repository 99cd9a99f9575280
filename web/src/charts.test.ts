import { describe, expect, test } from '@jest/globals';
import { renderCandles, renderSparkline, toSparklinePoints } from './charts.js';
import { formatAge, formatPct, formatPrice, formatUsd, getPriceMove } from './format.js';

describe('board charts', () => {
  test.each([
    ['rising values, lowest at the bottom', [1, 2, 3], '0,10 5,5 10,0'],
    ['a flat line sits at the bottom', [2, 2], '0,10 10,10'],
    ['one value', [5], '0,10'],
    ['no values', [], ''],
  ])('sparkline points: %s', (_name, values, points) => {
    expect(toSparklinePoints(values, 10, 10)).toBe(points);
  });

  test('a sparkline is green when the last value is above the first, red below', () => {
    expect(renderSparkline([1, 2])).toContain('class="sparkline up"');
    expect(renderSparkline([2, 1])).toContain('class="sparkline down"');
    expect(renderSparkline([1])).toContain('no history');
  });

  test('candles: one wick and body per candle, coloured by direction', () => {
    const svg = renderCandles([
      { open: 1, high: 3, low: 0, close: 2 },
      { open: 2, high: 2, low: 1, close: 1 },
    ]);
    expect(svg.match(/<g class="candle up">/g)).toHaveLength(1);
    expect(svg.match(/<g class="candle down">/g)).toHaveLength(1);
    expect(svg).toContain('y1="0" y2="200"'); // the first wick spans the whole range
  });

  test('a flat history sits mid-height, bodies at most 12 px wide', () => {
    const svg = renderCandles([{ open: 2, high: 2, low: 2, close: 2 }]);
    expect(svg).toContain('y1="100" y2="100"');
    expect(svg).toContain('width="12"');
  });
});

describe('board formats', () => {
  test.each([
    [0.00001234, '$0.00001234'],
    [1.234, '$1.23'],
    [12345.6, '$12,346'],
    [null, '—'],
  ])('price %p → %s', (value, text) => expect(formatPrice(value)).toBe(text));

  test.each([
    [1_234, '$1.2K'],
    [3_400_000, '$3.4M'],
    [5_600_000_000, '$5.6B'],
    [12, '$12'],
  ])('usd %p → %s', (value, text) => expect(formatUsd(value)).toBe(text));

  test('percent, age and price moves', () => {
    expect([formatPct(5.24), formatPct(-0.4), formatPct(undefined)]).toEqual(['+5.2%', '-0.4%', '—']);
    expect(formatAge('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:02:05Z'))).toBe('2m ago');
    expect([getPriceMove(1, 2), getPriceMove(2, 1), getPriceMove(1, 1), getPriceMove(null, 1)]).toEqual([
      'up',
      'down',
      undefined,
      undefined,
    ]);
  });
});
