/** Tables (markdown) and the SVG chart of the gateway benchmark. */

/** One contender at one concurrency, summed over its alternating rounds. */
export interface BenchRow {
  contender: string;
  concurrency: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** The contender's own process(es): the gateway, the bare server, or (direct) none. */
  serverCpuPct: number | null;
  serverRssMib: number | null;
  subgraphsCpuPct: number;
  clientCpuPct: number;
  /** p50 latency (ms) of each kind of operation of the mix. */
  p50ByKind: Record<string, number>;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const pct = (value: number | null) => (value === null ? '–' : value.toFixed(0));

/** The results table. */
export function toResultsTable(rows: BenchRow[]): string {
  const lines = [
    '| contender | concurrency | ops/s | p50 ms | p95 ms | p99 ms | errors | server CPU % | server RSS MiB | subgraphs CPU % | load generator CPU % |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.contender} | ${r.concurrency} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ` +
        `${pct(r.serverCpuPct)} | ${r.serverRssMib === null ? '–' : r.serverRssMib.toFixed(0)} | ${pct(r.subgraphsCpuPct)} | ${pct(r.clientCpuPct)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Ratios of every `ours*` contender against Hive Gateway (default stitching runtime, and `hive+rust` with
 * Hive Router's Rust query planner), the subgraphs directly and the bare server.
 */
export function toRatiosTable(rows: BenchRow[]): string {
  const find = (contender: string, concurrency: number) =>
    rows.find((r) => r.contender === contender && r.concurrency === concurrency);
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : '–');
  const lines = [
    '| ours | concurrency | ops/s ours/Hive (goal ≥ 1.5×) | ops/s ours/Hive+Rust planner | ops/s ours/direct | p50 ours/direct (goal ≤ 1.3×) | ops/s ours/limit |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of rows.filter((row) => row.contender.startsWith('ours'))) {
    const [hive, hiveRust, direct, limit] = ['hive', 'hive+rust', 'direct', 'limit'].map((name) =>
      find(name, r.concurrency),
    );
    lines.push(
      `| ${r.contender} | ${r.concurrency} | ${ratio(r.rps, hive?.rps)} | ${ratio(r.rps, hiveRust?.rps)} | ` +
        `${ratio(r.rps, direct?.rps)} | ${ratio(r.p50, direct?.p50)} | ${ratio(r.rps, limit?.rps)} |`,
    );
  }
  return lines.join('\n');
}

/** p50 latency per kind of operation: where the time goes. */
export function toKindTable(rows: BenchRow[]): string {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.p50ByKind)))];
  const lines = [`| contender | concurrency | ${kinds.join(' | ')} |`, `|---|--:|${kinds.map(() => '--:|').join('')}`];
  for (const r of rows) {
    lines.push(`| ${r.contender} | ${r.concurrency} | ${kinds.map((k) => ms(r.p50ByKind[k] ?? NaN)).join(' | ')} |`);
  }
  return lines.join('\n');
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * One grouped bar panel on a log scale (the bare server is ~50× the gateways): a group per concurrency,
 * a bar per contender, ticks at powers of ten.
 */
function panel(rows: BenchRow[], value: (r: BenchRow) => number, title: string, top: number): string {
  const contenders = [...new Set(rows.map((r) => r.contender))];
  const levels = [...new Set(rows.map((r) => r.concurrency))];
  const [left, width, height] = [70, 760, 220];
  const decades = Math.max(1, Math.ceil(Math.log10(Math.max(...rows.map(value), 10))));
  const scale = (v: number) => (Math.max(0, Math.log10(Math.max(v, 1))) / decades) * height;
  const groupWidth = width / levels.length;
  const barWidth = (groupWidth * 0.8) / contenders.length;
  const parts = [
    `<text x="${left}" y="${top - 8}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${top + height}" x2="${left + width}" y2="${top + height}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + height}" stroke="#333"/>`,
  ];
  for (let decade = 0; decade <= decades; decade++) {
    const y = top + height - scale(10 ** decade);
    parts.push(
      `<line x1="${left - 4}" y1="${y}" x2="${left + width}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${left - 8}" y="${y + 4}" font-size="11" text-anchor="end">${10 ** decade}</text>`,
    );
  }
  levels.forEach((level, g) => {
    const x0 = left + g * groupWidth + groupWidth * 0.1;
    parts.push(
      `<text x="${x0 + groupWidth * 0.4}" y="${top + height + 16}" font-size="12" text-anchor="middle">concurrency ${level}</text>`,
    );
    contenders.forEach((contender, c) => {
      const row = rows.find((r) => r.contender === contender && r.concurrency === level);
      if (!row) return;
      const h = scale(value(row));
      const x = x0 + c * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(top + height - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[c % COLORS.length]}"><title>${escapeXml(contender)}: ${value(row).toFixed(1)}</title></rect>`,
        `<text x="${(x + (barWidth - 2) / 2).toFixed(1)}" y="${(top + height - h - 3).toFixed(1)}" font-size="9" text-anchor="middle">${value(row).toFixed(0)}</text>`,
      );
    });
  });
  return parts.join('\n');
}

/** The chart: ops/s and p99 latency per contender per concurrency, with a legend and the caption. */
export function toSvgChart(rows: BenchRow[], caption: string): string {
  const contenders = [...new Set(rows.map((r) => r.contender))];
  const legend = contenders
    .map(
      (contender, c) =>
        `<rect x="${70 + c * 130}" y="548" width="12" height="12" fill="${COLORS[c % COLORS.length]}"/>` +
        `<text x="${88 + c * 130}" y="558" font-size="12">${escapeXml(contender)}</text>`,
    )
    .join('\n');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="860" height="600" font-family="sans-serif">',
    '<rect width="860" height="600" fill="white"/>',
    panel(rows, (r) => r.rps, 'Operations per second, log scale (higher is better)', 30),
    panel(rows, (r) => r.p99, 'p99 latency in ms, log scale (lower is better)', 300),
    legend,
    `<text x="70" y="585" font-size="11" fill="#555">${escapeXml(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
