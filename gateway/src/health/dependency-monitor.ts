import type { Logger } from '@memegraph/infra';
import type { Probe } from './dependency-probes.js';

/** What the gateway last learned about one dependency (GET /ready's body, memegraph_dependency_up). */
export interface DependencyStatus {
  name: string;
  /** It answered its last check. False until the first check has finished. */
  up: boolean;
  /** When the last check finished (ISO 8601); null before the first. */
  checkedAt: string | null;
  /** Since when `up` has had its current value (ISO 8601); null before the first check. */
  since: string | null;
  /** What the check saw (the subgraph's own /ready body, or the error). */
  detail?: unknown;
}

/** Dependency statuses kept current in the background, so reading them never waits on a dependency. */
export interface DependencyMonitor {
  /** Every dependency's last known status (not yet checked before `start`). */
  statuses(): DependencyStatus[];
  /** Runs the first round of checks now, then keeps checking. */
  start(): void;
  /** Stops checking (a round in flight finishes, none follows). */
  close(): void;
}

/**
 * Once started, runs every probe and then every `intervalMs` (a round starts once the previous one finished;
 * each probe bounds itself with its own timeout). A dependency going down or coming back is logged once.
 */
export function createDependencyMonitor(probes: Probe[], intervalMs: number, log: Logger): DependencyMonitor {
  const statuses = new Map<string, DependencyStatus>(
    probes.map(({ name }) => [name, { name, up: false, checkedAt: null, since: null }]),
  );
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const check = async ({ name, check: probe }: Probe) => {
    const { ok, detail } = await probe();
    const checkedAt = new Date().toISOString();
    const before = statuses.get(name);
    const changed = !before?.checkedAt || before.up !== ok;
    statuses.set(name, {
      name,
      up: ok,
      checkedAt,
      since: changed ? checkedAt : (before?.since ?? checkedAt),
      ...(detail === undefined ? {} : { detail }),
    });
    // The first check logs only a dependency that is down; afterwards every change.
    if (changed && (before?.checkedAt || !ok))
      log[ok ? 'info' : 'warn']({ dependency: name, detail }, ok ? 'dependency up' : 'dependency down');
  };
  const round = async () => {
    await Promise.all(probes.map(check));
    if (!closed) timer = setTimeout(() => void round(), intervalMs).unref();
  };
  return {
    statuses: () => [...statuses.values()],
    start: () => void round(),
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
