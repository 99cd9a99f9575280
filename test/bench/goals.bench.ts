/**
 * Issue #15's four goals side by side in one run: `npm run bench:goals`. Runs the existing benches as child
 * processes, one after the other on this machine, and prints (and writes to BENCH_OUTPUT_DIR/goals.md):
 *
 * 1. Whole stack on the bench mix at 50 connections: ours against the build of the commit before #15
 *    (BENCH_GOALS_BASE: a checkout of it with node_modules, e.g. `git worktree add /tmp/base 424e557`; its own
 *    gateway bench runs its own stack), and against the figure recorded then (93–138 ops/s). Goal ≥ 3×.
 * 2. Whole stack vs the bare replay server (`limit`) on a small read mix (the same four operations over
 *    BENCH_GOALS_SMALL_TOKENS tokens, 200), 50 connections. Goal ≥ 0.15×.
 * 3. Our gateway vs Hive Gateway, default configuration, at 10 and 50 connections. Goal ≥ 1.5×.
 * 4. 10,000 subscribers selecting `token { symbol name market { priceUsd } }`: p99 publish → client, and
 *    subgraph requests per event. Goal p99 ≤ 100 ms and 0 calls per event.
 *
 * Every child checks every answer and exits 1 on any error; a failed child is reported as such.
 * BENCH_GOALS_ROUNDS (3) × BENCH_GOALS_SECONDS (5) per gateway cell; BENCH_GOALS_SUB_SECONDS (20) of events.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BASE = env.BENCH_GOALS_BASE;
const ROUNDS = env.BENCH_GOALS_ROUNDS ?? '3';
const SECONDS = env.BENCH_GOALS_SECONDS ?? '5';
const SMALL_TOKENS = env.BENCH_GOALS_SMALL_TOKENS ?? '200';
const SUB_SECONDS = env.BENCH_GOALS_SUB_SECONDS ?? '20';
const OUTPUT_DIR = env.BENCH_OUTPUT_DIR ?? join(REPO, 'docs/bench');
const RECORDED_TODAY = [93, 138];

/** Runs one bench file with tsx in `cwd`; resolves with its output and exit code (its output is echoed). */
function runBench(cwd: string, file: string, overrides: Record<string, string>) {
  return new Promise<{ output: string; code: number | null }>((resolve) => {
    const child = spawn(join(cwd, 'node_modules/.bin/tsx'), ['--conditions=@memegraph/source', file], {
      cwd,
      env: { ...env, ...overrides },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ output, code }));
  });
}

/**
 * ops/s of each contender@concurrency in a gateway bench's results table (its rows have 11 columns: the
 * ratio and per-operation tables that follow it have fewer).
 */
function parseGatewayTable(output: string): Map<string, number> {
  const cells = new Map<string, number>();
  for (const line of output.split('\n')) {
    const columns = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (columns.length !== 11 || !/^\d+$/.test(columns[1]!) || !/^\d+$/.test(columns[2]!)) continue;
    cells.set(`${columns[0]}@${columns[1]}`, Number(columns[2]));
  }
  return cells;
}

/** The `market` row of the subscriptions bench's table: p99 and subgraph requests per event. */
function parseSubscriptions(output: string) {
  // The scenario cell reads `1 gateway × 10000, market` (and a flag when p99 > 100 ms).
  const row = output.split('\n').find((line) => /^\| [^|]*\bmarket\b(?!-)/.test(line));
  if (!row) return undefined;
  const cells = row.split('|').map((cell) => cell.trim());
  // | scenario | subscribers | events/s | deliveries/s | p50 | p95 | p99 | RSS | CPU | hydrations | tokens | market-data | lost | wrong |
  return {
    subscribers: Number(cells[2]),
    p99: Number(cells[7]),
    tokensPerEvent: Number(cells[11]),
    marketPerEvent: Number(cells[12]),
    lost: Number(cells[13]),
    wrong: Number(cells[14]),
  };
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined);
const times = (x: number | undefined) => (x === undefined ? '–' : `${x.toFixed(2)}×`);
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '✅ met' : '❌ not met');

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(os.tmpdir(), 'memegraph-goals-'));
  const started = new Date().toISOString();
  const loads: string[] = [];
  const load = () => loads.push(os.loadavg()[0]!.toFixed(1));
  const gatewayFile = 'test/bench/gateway-peers.bench.ts';
  const common = { BENCH_ROUNDS: ROUNDS, BENCH_DURATION_S: SECONDS, BENCH_WARMUP_S: '2' };

  load();
  console.log('\n### 1 + 3: bench mix, ours / Hive / bare replay at 10 and 50 connections\n');
  const mix = await runBench(REPO, gatewayFile, {
    ...common,
    BENCH_CONTENDERS: 'ours,hive,limit',
    BENCH_CONCURRENCY: '10,50',
    BENCH_OUTPUT_DIR: join(scratch, 'mix'),
  });
  const mixCells = parseGatewayTable(mix.output);
  load();
  let base: Awaited<ReturnType<typeof runBench>> | undefined;
  if (BASE) {
    console.log(`\n### 1: the pre-#15 build (${BASE}), bench mix at 50 connections\n`);
    base = await runBench(BASE, gatewayFile, {
      ...common,
      BENCH_CONTENDERS: 'ours',
      BENCH_CONCURRENCY: '50',
      BENCH_OUTPUT_DIR: join(scratch, 'base'),
    });
    load();
  }
  const baseOps = base && parseGatewayTable(base.output).get('ours@50');
  console.log(`\n### 2: small read mix (${SMALL_TOKENS} tokens), ours vs bare replay at 50 connections\n`);
  const small = await runBench(REPO, gatewayFile, {
    ...common,
    BENCH_CONTENDERS: 'ours,limit',
    BENCH_CONCURRENCY: '50',
    BENCH_TOKEN_COUNT: SMALL_TOKENS,
    BENCH_LISTED_TOKENS: String(Math.min(100, Number(SMALL_TOKENS))),
    BENCH_OUTPUT_DIR: join(scratch, 'small'),
  });
  const smallCells = parseGatewayTable(small.output);
  load();
  console.log('\n### 4: 10,000 subscribers selecting market\n');
  const subs = await runBench(REPO, 'test/bench/subscriptions.bench.ts', {
    BENCH_SCENARIOS: '1:market',
    BENCH_SECONDS: SUB_SECONDS,
    // The live-list bench that bench:subscriptions runs next measures no goal here.
    BENCH_LISTS: '0',
  });
  const sub = parseSubscriptions(subs.output);
  load();

  const ours50 = mixCells.get('ours@50');
  const vsBase = ratio(ours50, baseOps);
  const vsSmall = ratio(smallCells.get('ours@50'), smallCells.get('limit@50'));
  const vsHive10 = ratio(mixCells.get('ours@10'), mixCells.get('hive@10'));
  const vsHive50 = ratio(ours50, mixCells.get('hive@50'));
  const failed = (run: { code: number | null } | undefined) => (run && run.code !== 0 ? ' (**bench failed**)' : '');
  const rows = [
    [
      'Whole stack, bench mix, 50 connections: ≥ 3× the pre-#15 stack',
      `ours ${ours50 ?? '–'} ops/s${failed(mix)} vs pre-#15 build ${baseOps ?? '–'} ops/s${failed(base)}: ${times(vsBase)}; ` +
        `vs recorded ${RECORDED_TODAY.join('–')}: ${times(ratio(ours50, RECORDED_TODAY[1]))}–${times(ratio(ours50, RECORDED_TODAY[0]))}`,
      verdict(vsBase === undefined ? undefined : vsBase >= 3),
    ],
    [
      `Whole stack vs bare replay, small read mix (${SMALL_TOKENS} tokens), 50 connections: ≥ 0.15×`,
      `ours ${smallCells.get('ours@50') ?? '–'} vs replay ${smallCells.get('limit@50') ?? '–'} ops/s${failed(small)}: ${times(vsSmall)}`,
      verdict(vsSmall === undefined ? undefined : vsSmall >= 0.15),
    ],
    [
      'Gateway vs Hive Gateway, default config: ≥ 1.5× at 10 and 50',
      `10: ${mixCells.get('ours@10') ?? '–'} vs ${mixCells.get('hive@10') ?? '–'} ops/s = ${times(vsHive10)}; ` +
        `50: ${ours50 ?? '–'} vs ${mixCells.get('hive@50') ?? '–'} = ${times(vsHive50)}`,
      verdict(vsHive10 === undefined || vsHive50 === undefined ? undefined : vsHive10 >= 1.5 && vsHive50 >= 1.5),
    ],
    [
      '10,000 subscribers, market selection: p99 ≤ 100 ms, 0 subgraph calls per event',
      sub
        ? `${sub.subscribers} subscribers: p99 ${sub.p99} ms, tokens ${sub.tokensPerEvent} / market-data ${sub.marketPerEvent} requests per event, ${sub.lost} lost, ${sub.wrong} wrong${failed(subs)}`
        : `not measured${failed(subs)}`,
      verdict(
        sub &&
          sub.p99 <= 100 &&
          sub.tokensPerEvent === 0 &&
          sub.marketPerEvent === 0 &&
          sub.lost === 0 &&
          sub.wrong === 0,
      ),
    ],
  ];
  const cpus = os.cpus();
  const markdown =
    `Run started ${started}; ${cpus[0]?.model.trim()} × ${cpus.length}, Node ${process.version}; ` +
    `load average (1 min) before and after each part: ${loads.join(' → ')}. Benches ran one after another, ` +
    `${ROUNDS} alternating rounds × ${SECONDS} s per gateway cell.\n\n` +
    `| goal | measured (this run) | verdict |\n|---|---|---|\n` +
    rows.map((row) => `| ${row.join(' | ')} |`).join('\n') +
    '\n';
  console.log(`\n## Issue #15 goals\n\n${markdown}`);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, 'goals.md'), `# Issue #15 goals (generated by npm run bench:goals)\n\n${markdown}`);
  if ([mix, base, small, subs].some((run) => run && run.code !== 0)) process.exitCode = 1;
}

await main();
