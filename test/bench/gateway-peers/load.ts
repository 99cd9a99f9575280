/**
 * The load generator of the gateway benchmark: a closed loop of `concurrency` workers over keep-alive
 * undici pools, each sending the next operation as soon as its previous one was answered and checked.
 * One generator for every contender, because the direct contender's operations are chains of dependent
 * requests to two servers (autocannon drives one URL with independent requests).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { Pool } from 'undici';
import { SUBGRAPH_SECRET_HEADER } from '@memegraph/infra';

/** What one measured cell produced. */
export interface LoadResult {
  /** Operations answered and correct. */
  ok: number;
  /** Operations that failed or answered wrong. */
  errors: number;
  errorSamples: string[];
  /** Latencies of correct operations, sorted ascending (ms). */
  latencies: number[];
  /** Latencies by the label of the operation. */
  byLabel: Map<string, number[]>;
  seconds: number;
}

/** Runs `send(i)` with `concurrency` workers for `seconds`; a throw counts as an error (and is sampled). */
export async function runClosedLoop(
  concurrency: number,
  seconds: number,
  send: (i: number) => Promise<void>,
  label: (i: number) => string,
): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, errors: 0, errorSamples: [], latencies: [], byLabel: new Map(), seconds };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await send(i);
        const latency = performance.now() - t0;
        result.latencies.push(latency);
        const name = label(i);
        const list = result.byLabel.get(name) ?? [];
        if (list.length === 0) result.byLabel.set(name, list);
        list.push(latency);
        result.ok += 1;
      } catch (error) {
        result.errors += 1;
        if (result.errorSamples.length < 5) result.errorSamples.push((error as Error).message.slice(0, 300));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  result.latencies.sort((a, b) => a - b);
  return result;
}

/** The q-quantile (0..1) of sorted numbers. */
export const quantile = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** A keep-alive client of one GraphQL endpoint: POSTs a JSON body and returns the parsed response body. */
export interface GraphqlClient {
  post(body: string): Promise<{ data?: any; errors?: unknown[] }>;
  close(): Promise<void>;
}

/** A keep-alive client; with `subgraphSecret`, it calls subgraphs as the gateway does (x-subgraph-secret). */
export function createGraphqlClient(url: string, connections: number, subgraphSecret?: string): GraphqlClient {
  const { origin, pathname } = new URL(url);
  const pool = new Pool(origin, { connections, keepAliveTimeout: 30_000 });
  return {
    async post(body) {
      const response = await pool.request({
        path: pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(subgraphSecret ? { [SUBGRAPH_SECRET_HEADER]: subgraphSecret } : {}),
        },
        body,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`);
      return JSON.parse(text) as { data?: any; errors?: unknown[] };
    },
    close: () => pool.close(),
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used, from /proc. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of the Postgres backends serving `database` (the tokens subgraph's pooled connections), by pid
 * from pg_stat_activity, without the asking connection's own. Backends that close between two readings drop
 * out of the difference, so the pools must stay open between them.
 */
export async function readPostgresCpu(client: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [database],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, readCpuSeconds(pid));
    } catch {
      // gone between the query and the read
    }
  }
  return cpu;
}

/** Resident set size of a process in MiB, from /proc. */
export const readRssMib = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** CPU % and peak RSS of some processes while `run` runs. */
export async function watchProcesses<T>(
  pids: number[],
  run: () => Promise<T>,
): Promise<{ value: T; cpuPct: number; maxRssMib: number }> {
  const cpuBefore = pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0);
  const started = performance.now();
  let maxRssMib = 0;
  const sample = () =>
    (maxRssMib = Math.max(
      maxRssMib,
      pids.reduce((sum, pid) => sum + readRssMib(pid), 0),
    ));
  sample();
  const sampler = setInterval(sample, 250);
  try {
    const value = await run();
    sample();
    const cpu = pids.reduce((sum, pid) => sum + readCpuSeconds(pid), 0) - cpuBefore;
    return { value, cpuPct: (cpu / ((performance.now() - started) / 1000)) * 100, maxRssMib };
  } finally {
    clearInterval(sampler);
  }
}
