/** One contender at one concurrency: measuring a round, summing rounds, and the row it becomes. */
import { quantile, readCpuSeconds, watchProcesses, type LoadResult } from './load.js';
import type { BenchRow } from './report.js';

/** One round of a cell, with what the processes involved used meanwhile. */
export interface RoundMeasurement {
  value: LoadResult;
  /** The contender's own process (none for `direct`). */
  cpuPct: number;
  maxRssMib: number;
  subgraphsCpuPct: number;
  /** This process: the load generator and its checks. */
  clientCpuPct: number;
}

/** The rounds of a cell so far. */
export interface CellTotals extends LoadResult {
  serverCpu: number[];
  serverRss: number;
  subgraphsCpu: number[];
  clientCpu: number[];
}

const sortedP50 = (xs: number[]) =>
  quantile(
    xs.sort((a, b) => a - b),
    0.5,
  );
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuOf = (pids: number[]) => pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);

/** Runs one round and measures the contender's process, the subgraphs' and this one's CPU meanwhile. */
export async function measureRound(
  serverPid: number | undefined,
  subgraphPids: number[],
  run: () => Promise<LoadResult>,
): Promise<RoundMeasurement> {
  const subgraphsBefore = cpuOf(subgraphPids);
  const clientBefore = process.cpuUsage();
  const watched = await watchProcesses(serverPid === undefined ? [] : [serverPid], run);
  const wall = watched.value.seconds;
  const client = process.cpuUsage(clientBefore);
  return {
    ...watched,
    subgraphsCpuPct: ((cpuOf(subgraphPids) - subgraphsBefore) / wall) * 100,
    clientCpuPct: ((client.user + client.system) / 1e6 / wall) * 100,
  };
}

/** The progress line of a round: rate, p99, errors (with the first) and p50 per operation. */
export function describeRound(r: LoadResult): string {
  const firstError = r.errorSamples.length ? ` (${r.errorSamples[0]})` : '';
  const byKind = [...r.byLabel].map(([kind, xs]) => `${kind} ${sortedP50(xs).toFixed(1)}`).join(', ');
  return (
    `${(r.ok / r.seconds).toFixed(0)} ops/s, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms, ` +
    `${r.errors} errors${firstError}; p50 ${byKind}`
  );
}

/** Adds a round to a cell's totals. */
export function addRound(sum: CellTotals | undefined, round: RoundMeasurement): CellTotals {
  const r = round.value;
  return {
    ok: (sum?.ok ?? 0) + r.ok,
    errors: (sum?.errors ?? 0) + r.errors,
    errorSamples: [...(sum?.errorSamples ?? []), ...r.errorSamples],
    latencies: [...(sum?.latencies ?? []), ...r.latencies],
    byLabel: new Map([...r.byLabel].map(([kind, xs]) => [kind, [...(sum?.byLabel.get(kind) ?? []), ...xs]])),
    seconds: (sum?.seconds ?? 0) + r.seconds,
    serverCpu: [...(sum?.serverCpu ?? []), round.cpuPct],
    serverRss: Math.max(sum?.serverRss ?? 0, round.maxRssMib),
    subgraphsCpu: [...(sum?.subgraphsCpu ?? []), round.subgraphsCpuPct],
    clientCpu: [...(sum?.clientCpu ?? []), round.clientCpuPct],
  };
}

/** The table row of a cell; server columns only for contenders with a process of their own. */
export function toBenchRow(contender: string, concurrency: number, cell: CellTotals, hasServer: boolean): BenchRow {
  const latencies = cell.latencies.sort((a, b) => a - b);
  return {
    contender,
    concurrency,
    rps: cell.ok / cell.seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    errors: cell.errors,
    serverCpuPct: hasServer ? mean(cell.serverCpu) : null,
    serverRssMib: hasServer ? cell.serverRss : null,
    subgraphsCpuPct: mean(cell.subgraphsCpu),
    clientCpuPct: mean(cell.clientCpu),
    p50ByKind: Object.fromEntries([...cell.byLabel].map(([kind, xs]) => [kind, sortedP50(xs)])),
  };
}
