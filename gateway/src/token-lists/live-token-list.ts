import type { TokenListSpec } from '@memegraph/contracts';
import { diffTokenList, type ListEntry } from './token-list-diff.js';
import type { ListMessage } from './token-list-execution.js';
import type { TokenListStream } from './token-list-stream.js';

const message = (
  entries: readonly ListEntry[] | null,
  at: string,
  receivedAt: number,
  changes: ListMessage['changes'] = [],
): ListMessage => ({
  entries,
  changes,
  at,
  receivedAt,
  executions: new Map(),
});

/**
 * One ranked list with subscribers on this instance. It holds the list as its subscribers have it
 * (`delivered`); each ranking market-data publishes replaces `latest`, and at most once per `windowMs` the
 * difference between the two goes to every subscriber as one change message (the first change after a
 * quiet window goes at once; changes within the window are coalesced into the next message). A subscriber
 * that joins gets `delivered` as a snapshot, so the changes that follow apply to what it has.
 */
export class LiveTokenList {
  readonly streams = new Set<TokenListStream>();
  private delivered: { entries: readonly ListEntry[]; at: string } | null = null;
  private latest: { entries: readonly ListEntry[]; at: string; receivedAt: number } | null = null;
  private waiting: TokenListStream[] = [];
  private snapshotMessage: ListMessage | null = null;
  private lastFlush = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly key: string,
    readonly spec: TokenListSpec,
    private readonly windowMs: number,
    /** Called for each change message made (one per window with changes, whatever the number of subscribers). */
    private readonly onMessage: () => void = () => undefined,
  ) {}

  /** Whether the list is known here (from a ranking or the snapshot query). */
  get isReady(): boolean {
    return this.delivered !== null;
  }

  /** A new subscriber: the list as a snapshot now, or once it is known. */
  join(stream: TokenListStream): void {
    this.streams.add(stream);
    if (this.delivered) stream.push(this.snapshot());
    else this.waiting.push(stream);
  }

  leave(stream: TokenListStream): void {
    this.streams.delete(stream);
    this.waiting = this.waiting.filter((waiting) => waiting !== stream);
  }

  /**
   * The list as subscribers have it, as a snapshot message: its executions are shared by everyone who needs
   * this state; its receivedAt is now (a late joiner's delivery time starts when it asked, not at the first).
   */
  snapshot(): ListMessage {
    const { entries, at } = this.delivered!;
    const shared = (this.snapshotMessage ??= message(entries, at, performance.now()));
    return { ...shared, receivedAt: performance.now() };
  }

  /** A ranking from market-data (or the first page from the snapshot query, when none came first). */
  receive(entries: readonly ListEntry[], at: string, receivedAt = performance.now()): void {
    if (!this.delivered) {
      this.delivered = { entries, at };
      for (const stream of this.waiting.splice(0)) stream.push(this.snapshot());
      return;
    }
    this.latest = { entries, at, receivedAt: this.latest?.receivedAt ?? receivedAt };
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.windowMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** The ranking could not be read for the subscribers still waiting for their first snapshot. */
  failWaiting(end: (stream: TokenListStream) => void): void {
    for (const stream of this.waiting.splice(0)) end(stream);
  }

  private flush(): void {
    this.timer = undefined;
    this.lastFlush = performance.now();
    const latest = this.latest;
    if (!latest || !this.delivered) return;
    this.latest = null;
    const changes = diffTokenList(this.delivered.entries, latest.entries);
    this.delivered = { entries: latest.entries, at: latest.at };
    this.snapshotMessage = null;
    if (changes.length === 0) return;
    this.onMessage();
    const changed = message(null, latest.at, latest.receivedAt, changes);
    for (const stream of this.streams) stream.push(changed);
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
