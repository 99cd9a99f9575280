import type { ExecutionResult } from 'graphql';
import type { SharedPayloads } from '../subscriptions/shared-payload.js';
import type { SocketBudget } from '../subscriptions/socket-budget.js';
import { withSequence, type ListMessage, type PreparedMessage } from './token-list-execution.js';

interface Slot {
  settled: boolean;
  value?: PreparedMessage;
  bytes: number;
  receivedAt: number;
  failed?: boolean;
  isSnapshot: boolean;
}

/** What a subscriber's stream needs from its list and its socket. */
export interface TokenListStreamOptions {
  /** Messages a subscriber may have queued (executing or not yet taken by graphql-ws); past it, a resync. */
  maxQueued: number;
  prepare(message: ListMessage): Promise<PreparedMessage>;
  /** The list as it stands now, as a snapshot message (what a resync sends). */
  snapshot(): ListMessage;
  sharedPayloads: SharedPayloads;
  budget?: SocketBudget;
  onReturn(): void;
  onResync(): void;
  /** Seconds from the message's arrival to its hand-over to the socket. */
  onSent(seconds: number): void;
}

/**
 * One tokenListUpdated subscriber: the async iterator graphql-ws consumes. Messages are queued in list
 * order and numbered when handed over (1, 2, 3…), so nothing dropped here ever leaves a gap. When more than
 * `maxQueued` are waiting, the waiting ones are dropped and replaced by one snapshot of the list as it
 * stands (a resync): the client gets the list whole instead of a backlog. Bytes are reserved in the
 * socket's budget once a message is ready, as for other subscriptions: a client that stops reading is
 * still closed with 4008 (slow consumer).
 */
export class TokenListStream implements AsyncIterableIterator<ExecutionResult> {
  private slots: Slot[] = [];
  private waiting: ((result: IteratorResult<ExecutionResult>) => void) | undefined;
  private done = false;
  private sequence = 0;
  /** A last result to hand over before completing (the list could not be read). */
  private final: ExecutionResult | undefined;

  constructor(private readonly options: TokenListStreamOptions) {}

  /** Queues a message of the list (a resync instead, past `maxQueued`). */
  push(message: ListMessage): void {
    if (this.done) return;
    if (this.slots.length >= this.options.maxQueued) return this.resync();
    const slot: Slot = {
      settled: false,
      bytes: 0,
      receivedAt: message.receivedAt,
      isSnapshot: message.entries !== null,
    };
    this.slots.push(slot);
    this.options.prepare(message).then(
      (prepared) => {
        slot.settled = true;
        if (!this.slots.includes(slot)) return; // dropped by a resync meanwhile
        const bytes = prepared.parts.reduce((sum, part) => sum + part.length, 0);
        if (this.options.budget && !this.options.budget.reserve(bytes)) return this.stop();
        slot.value = prepared;
        slot.bytes = bytes;
        this.flush();
      },
      () => {
        // A message that cannot be executed must not become a gap: the client gets the list again instead.
        slot.settled = true;
        slot.failed = true;
        this.flush();
      },
    );
  }

  /** Drops what is queued and queues the list as it stands now: what follows applies to that. */
  private resync(): void {
    for (const slot of this.slots.splice(0)) this.releaseSlot(slot);
    this.options.onResync();
    this.push(this.options.snapshot());
  }

  private releaseSlot(slot: Slot): void {
    if (slot.value) this.options.budget?.release(slot.bytes);
    slot.value = undefined;
  }

  private flush(): void {
    while (this.waiting && this.slots[0]?.settled) {
      if (this.slots[0].failed) {
        // A failed snapshot ends the subscription (the client subscribes again) rather than retrying forever.
        if (this.slots[0].isSnapshot) return this.stop();
        this.resync();
        continue;
      }
      const slot = this.slots.shift()!;
      const prepared = slot.value!;
      this.releaseSlot(slot);
      this.sequence += 1;
      const { result, json } = withSequence(prepared, this.sequence);
      this.options.sharedPayloads.adopt(result, json);
      const waiting = this.waiting;
      this.waiting = undefined;
      this.options.onSent((performance.now() - slot.receivedAt) / 1000);
      waiting({ value: result, done: false });
    }
  }

  /** Ends the subscription with `result` (errors) instead of a first snapshot. */
  fail(result: ExecutionResult): void {
    if (this.done) return;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting({ value: result, done: false });
      this.stop();
    } else {
      this.final = result;
    }
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.final) {
      const value = this.final;
      this.final = undefined;
      this.stop();
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.flush();
    });
  }

  private stop(): void {
    if (this.done) return;
    this.done = true;
    for (const slot of this.slots.splice(0)) this.releaseSlot(slot);
    this.options.onReturn();
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.stop();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
