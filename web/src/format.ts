/** Number and time formats of the board: pure, so a unit table pins them. */

/** A USD price with enough significant digits for sub-cent meme coins: `$0.00001234`, `$1.23`, `$1,234`. */
export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1000) return `$${Math.round(value).toLocaleString('en-US')}`;
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(4)}`;
}

/** A USD amount, compact: `$1.2K`, `$3.4M`, `$5.6B`. */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const abs = Math.abs(value);
  for (const [unit, size] of [
    ['B', 1e9],
    ['M', 1e6],
    ['K', 1e3],
  ] as const) {
    if (abs >= size) return `$${(value / size).toFixed(1)}${unit}`;
  }
  return `$${value.toFixed(0)}`;
}

/** A signed percentage: `+5.2%`, `-0.4%`. */
export function formatPct(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

/** How long ago `iso` was, coarse: `5s ago`, `3m ago`, `2h ago`. */
export function formatAge(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  return `${Math.floor(seconds / 3600)}h ago`;
}

/** `up`, `down` or `undefined` (unchanged, or nothing to compare): which way a price flash goes. */
export function getPriceMove(
  before: number | null | undefined,
  after: number | null | undefined,
): 'up' | 'down' | undefined {
  if (before === null || before === undefined || after === null || after === undefined || before === after) {
    return undefined;
  }
  return after > before ? 'up' : 'down';
}
