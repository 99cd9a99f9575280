/** SVG charts as strings (pure): a sparkline of closes for a list row, candles for a token page. */

/** One OHLC candle, as TokenCandles returns it. */
export interface ChartCandle {
  open: number;
  high: number;
  low: number;
  close: number;
}

/** The points of a polyline through `values`, scaled into `width` × `height` (y grows downwards). */
export function toSparklinePoints(values: number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const span = Math.max(...values) - min || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  return values.map((value, i) => `${round(i * step)},${round(height - ((value - min) / span) * height)}`).join(' ');
}

/** A sparkline of `values` (green when the last is above the first, red below). */
export function renderSparkline(values: number[], width = 96, height = 24): string {
  if (values.length < 2) return '<span class="muted">no history</span>';
  const trend = values.at(-1)! >= values[0]! ? 'up' : 'down';
  return (
    `<svg class="sparkline ${trend}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<polyline fill="none" stroke-width="1.5" points="${toSparklinePoints(values, width, height)}"/></svg>`
  );
}

/** A candle chart: one wick and one body per candle, oldest on the left. */
export function renderCandles(candles: ChartCandle[], width = 640, height = 200): string {
  if (candles.length === 0) return '<p class="muted">No candles stored yet.</p>';
  const low = Math.min(...candles.map((c) => c.low));
  const span = Math.max(...candles.map((c) => c.high)) - low;
  // A flat history (one price) sits mid-height rather than on the floor.
  const y = (value: number) => (span === 0 ? height / 2 : round(height - ((value - low) / span) * height));
  const slot = width / candles.length;
  const body = Math.min(12, Math.max(1, slot * 0.6));
  const shapes = candles.map((c, i) => {
    const x = round(i * slot + slot / 2);
    const kind = c.close >= c.open ? 'up' : 'down';
    const top = y(Math.max(c.open, c.close));
    const bodyHeight = Math.max(1, y(Math.min(c.open, c.close)) - top);
    return (
      `<g class="candle ${kind}"><line x1="${x}" x2="${x}" y1="${y(c.high)}" y2="${y(c.low)}"/>` +
      `<rect x="${round(x - body / 2)}" y="${top}" width="${round(body)}" height="${round(bodyHeight)}"/></g>`
    );
  });
  return `<svg class="candles" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${shapes.join('')}</svg>`;
}

const round = (value: number) => Math.round(value * 10) / 10;
