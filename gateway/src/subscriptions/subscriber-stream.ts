import type { ExecutionResult } from 'graphql';

/** One message for a subscriber, with the bytes it holds until it is sent. */
export interface QueuedResult {
  result: ExecutionResult;
  bytes: number;
  /** performance.now() when the event (or the subscribe, for a snapshot) arrived: delivery latency starts there. */
  receivedAt: number;
}

interface Slot {
  settled: boolean;
  value: QueuedResult | null;
  error?: unknown;
}

/**
 * The async iterator graphql-ws consumes for one subscription. Items are pushed as promises, in event
 * order, and yielded in that order once resolved (a null is skipped: an event with nothing to send).
 * Resolved items are handed straight to a waiting consumer: one continuation per item, which matters at
 * tens of thousands of deliveries a second.
 */
export class SubscriberStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly slots: Slot[] = [];
  private waiting: { resolve: (r: IteratorResult<ExecutionResult>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;

  /**
   * @param admit called when an item resolves, in resolution order: reserves its bytes in the socket's
   *   budget, or refuses it (false: the item is not sent).
   * @param release called once for every admitted item that leaves the queue, sent or dropped, so the
   *   socket's byte budget always gets its bytes back.
   */
  constructor(
    private readonly admit: (item: QueuedResult) => boolean,
    private readonly release: (item: QueuedResult) => void,
    private readonly onReturn: () => void,
    /** Called for each item handed to the consumer (sent), after `release`. */
    private readonly onSent: (item: QueuedResult) => void = () => undefined,
  ) {}

  push(item: Promise<QueuedResult | null>): void {
    // After the client completed, nothing is sent or reserved; a failure of the item is nobody's to report.
    if (this.done) return void item.catch(() => undefined);
    const slot: Slot = { settled: false, value: null };
    this.slots.push(slot);
    item.then(
      (queued) => {
        slot.settled = true;
        if (!queued || this.done || !this.admit(queued)) return this.flush();
        slot.value = queued;
        this.flush();
      },
      (error: unknown) => {
        slot.settled = true;
        slot.error = error ?? new Error('subscription item failed');
        this.flush();
      },
    );
  }

  /** Hands settled items at the head of the queue to a waiting consumer. */
  private flush(): void {
    if (this.done) {
      for (const slot of this.slots.splice(0)) if (slot.value) this.release(slot.value);
      return;
    }
    while (this.waiting && this.slots[0]?.settled) {
      const slot = this.slots.shift()!;
      const waiting = this.waiting;
      if (slot.error !== undefined) {
        this.waiting = undefined;
        waiting.reject(slot.error);
      } else if (slot.value) {
        this.waiting = undefined;
        this.release(slot.value);
        this.onSent(slot.value);
        waiting.resolve({ value: slot.value.result, done: false });
      }
    }
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.flush();
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.done) {
      this.done = true;
      // Settled items give their bytes back now, unsettled ones when they settle (push's callbacks).
      this.flush();
      this.onReturn();
      this.waiting?.resolve({ value: undefined, done: true });
      this.waiting = undefined;
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
