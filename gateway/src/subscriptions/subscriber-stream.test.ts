import { describe, expect, it } from '@jest/globals';
import { SocketBudget } from './socket-budget.js';
import { SubscriberStream, type QueuedResult } from './subscriber-stream.js';

/** An item that resolves later, reserving its bytes in the budget when it does (as the executor's deliver). */
function lateItem(budget: SocketBudget, bytes: number) {
  let resolve!: () => void;
  const item = new Promise<QueuedResult | null>((r) => {
    resolve = () => r(budget.reserve(bytes) ? { result: { data: {} }, bytes } : null);
  });
  return { item, resolve };
}

describe('SubscriberStream', () => {
  it('gives back the bytes of items still in flight when the client completes the subscription', async () => {
    const budget = new SocketBudget({ bufferedAmount: 0, close: () => undefined } as never, 1000);
    for (let cycle = 0; cycle < 5; cycle++) {
      const stream = new SubscriberStream(
        (queued) => budget.release(queued.bytes),
        () => undefined,
      );
      const pending = lateItem(budget, 400);
      stream.push(pending.item);
      await stream.return();
      pending.resolve();
      await pending.item;
      await Promise.resolve();
    }
    // Five 400-byte items never sent: without their release the 1000-byte budget would be exceeded.
    expect(budget.exceeded).toBe(false);
    expect(budget.reserve(1000)).toBe(true);
  });

  it('releases what it sends, in event order', async () => {
    const budget = new SocketBudget({ bufferedAmount: 0, close: () => undefined } as never, 1000);
    const stream = new SubscriberStream(
      (queued) => budget.release(queued.bytes),
      () => undefined,
    );
    const first = lateItem(budget, 600);
    const second = lateItem(budget, 300);
    stream.push(first.item);
    stream.push(second.item);
    second.resolve();
    first.resolve();
    expect((await stream.next()).done).toBe(false);
    expect((await stream.next()).done).toBe(false);
    expect(budget.reserve(1000)).toBe(true);
  });
});
