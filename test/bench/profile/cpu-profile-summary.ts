/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): self time by package and by source file, counted only
 * inside a time window (the measured load, not start-up or shutdown) and without idle samples.
 */

/** The parts of a `.cpuprofile` file this summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  /** Microseconds on the monotonic clock (the one `process.hrtime` reads). */
  startTime: number;
  samples: number[];
  /** Microseconds between consecutive samples. */
  timeDeltas: number[];
}

/** Self time of one package or file. */
export interface SelfTime {
  name: string;
  ms: number;
  /** Share of the profile's busy (non-idle) time in the window, 0..100. */
  pct: number;
}

/** Busy time of a profile in a window, by package and by file, largest first. */
export interface ProfileSummary {
  busyMs: number;
  packages: SelfTime[];
  files: SelfTime[];
}

/** Where a frame's code lives: its npm package (or workspace, node internals, V8) and its file. */
export function toCodeLocation(
  functionName: string,
  url: string,
  repoRoot: string,
): { packageName: string; file: string } {
  if (url === '') {
    const special = /^\((program|garbage collector|root)\)$/.test(functionName);
    if (special) return { packageName: functionName, file: functionName };
    return { packageName: '(native)', file: `(native) ${functionName || '(anonymous)'}` };
  }
  if (url.startsWith('node:')) return { packageName: 'node:internal', file: url };
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const rest = path.slice(inModules + '/node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    return { packageName: name, file: `${name}/${rest.slice(name.split('/').length).join('/')}` };
  }
  if (path.startsWith(`${repoRoot}/`)) {
    const relative = path.slice(repoRoot.length + 1);
    const workspace = /^(subgraphs\/[^/]+|[^/]+)\//.exec(relative)?.[1] ?? relative;
    return { packageName: workspace, file: relative };
  }
  return { packageName: '(other)', file: path };
}

const toSorted = (totals: Map<string, number>, busyUs: number): SelfTime[] =>
  [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000, pct: busyUs === 0 ? 0 : (us / busyUs) * 100 }))
    .sort((a, b) => b.ms - a.ms);

/**
 * Self time by package and file of the samples taken between `fromUs` and `toUs` (monotonic microseconds;
 * a sample weighs the time since the previous one). `(idle)` samples are left out.
 */
export function summariseProfile(profile: CpuProfile, repoRoot: string, fromUs = -Infinity, toUs = Infinity) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const packages = new Map<string, number>();
  const files = new Map<string, number>();
  let busyUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < fromUs || at > toUs) continue;
    const frame = byId.get(profile.samples[i]!);
    if (!frame || frame.functionName === '(idle)') continue;
    const { packageName, file } = toCodeLocation(frame.functionName, frame.url, repoRoot);
    packages.set(packageName, (packages.get(packageName) ?? 0) + delta);
    files.set(file, (files.get(file) ?? 0) + delta);
    busyUs += delta;
  }
  return { busyMs: busyUs / 1000, packages: toSorted(packages, busyUs), files: toSorted(files, busyUs) };
}

/** A printable table of the `top` largest entries. */
export function toSelfTimeTable(title: string, entries: SelfTime[], top: number): string {
  const rows = entries
    .slice(0, top)
    .map((e) => `  ${e.pct.toFixed(1).padStart(5)} %  ${e.ms.toFixed(0).padStart(7)} ms  ${e.name}`);
  return [`${title}:`, ...rows].join('\n');
}
