import type { ExecutionResult } from 'graphql';

/** One message for a subscriber, with the bytes it holds until it is sent. */
export interface QueuedResult {
  result: ExecutionResult;
  bytes: number;
}

/**
 * The async iterator graphql-ws consumes for one subscription. Items are pushed as promises, in event
 * order, and yielded in that order once resolved (a null is skipped: an event with nothing to send).
 */
export class SubscriberStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly items: Promise<QueuedResult | null>[] = [];
  private wake: (() => void) | undefined;
  private done = false;

  /**
   * @param release called once for every item that leaves the queue, sent or dropped, so the socket's
   *   byte budget (reserved when the item resolved) always gets its bytes back.
   */
  constructor(
    private readonly release: (item: QueuedResult) => void,
    private readonly onReturn: () => void,
  ) {}

  /** Gives back what an item that will never be sent reserved (it may resolve after the stream ended). */
  private drop(item: Promise<QueuedResult | null>): void {
    void item.then((queued) => queued && this.release(queued));
  }

  push(item: Promise<QueuedResult | null>): void {
    if (this.done) return this.drop(item);
    this.items.push(item);
    this.wake?.();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.done) {
      const item = this.items.shift();
      if (!item) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const queued = await item;
      if (queued) this.release(queued);
      if (queued && !this.done) return { value: queued.result, done: false };
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    if (!this.done) {
      this.done = true;
      for (const item of this.items.splice(0)) this.drop(item);
      this.onReturn();
      this.wake?.();
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
