import { describe, expect, it } from '@jest/globals';
import { SocketBudget } from './socket-budget.js';
import { SubscriberStream, type QueuedResult } from './subscriber-stream.js';

/** An item that resolves later. */
function lateItem(bytes: number, data: Record<string, unknown> = {}) {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const item = new Promise<QueuedResult | null>((ok, fail) => {
    resolve = () => ok({ result: { data }, bytes, receivedAt: 0 });
    reject = fail;
  });
  return { item, resolve, reject };
}

const budgetOf = (maxBytes: number) =>
  new SocketBudget({ bufferedAmount: 0, close: () => undefined } as never, maxBytes);

/** A stream that reserves each item's bytes in `budget` when it resolves, as the executor's. */
const streamOn = (budget: SocketBudget, onReturn = () => undefined) =>
  new SubscriberStream(
    (queued) => budget.reserve(queued.bytes),
    (queued) => budget.release(queued.bytes),
    onReturn,
  );

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SubscriberStream', () => {
  it('gives back the bytes of items still in flight when the client completes the subscription', async () => {
    const budget = budgetOf(1000);
    for (let cycle = 0; cycle < 5; cycle++) {
      const stream = streamOn(budget);
      const settled = lateItem(400);
      const pending = lateItem(400);
      stream.push(settled.item);
      stream.push(pending.item);
      settled.resolve();
      await tick(); // settled: reserved, waiting for the consumer
      await stream.return();
      pending.resolve();
      await tick();
    }
    // Ten 400-byte items never sent: without their release the 1000-byte budget would be exceeded.
    expect(budget.exceeded).toBe(false);
    expect(budget.reserve(1000)).toBe(true);
  });

  it('yields in event order whatever order items resolve in, and releases what it sends', async () => {
    const budget = budgetOf(1000);
    const stream = streamOn(budget);
    const first = lateItem(600, { n: 1 });
    const second = lateItem(300, { n: 2 });
    stream.push(first.item);
    stream.push(second.item);
    const next = stream.next();
    second.resolve();
    await tick();
    first.resolve();
    expect(await next).toEqual({ value: { data: { n: 1 } }, done: false });
    expect(await stream.next()).toEqual({ value: { data: { n: 2 } }, done: false });
    expect(budget.reserve(1000)).toBe(true);
  });

  it('skips items with nothing to send and items the budget refuses', async () => {
    const budget = budgetOf(500);
    const stream = streamOn(budget);
    const small = lateItem(100, { n: 'small' });
    stream.push(Promise.resolve(null));
    stream.push(Promise.resolve({ result: { data: { n: 'big' } }, bytes: 600, receivedAt: 0 }));
    stream.push(small.item);
    await tick();
    small.resolve();
    const next = await Promise.race([stream.next(), tick().then(() => 'nothing')]);
    // The 600-byte item exceeded the budget: the socket is closed as a slow consumer and nothing follows.
    expect(budget.exceeded).toBe(true);
    expect(next).toBe('nothing');
  });

  it('yields what follows an item with nothing to send', async () => {
    const stream = streamOn(budgetOf(1000));
    stream.push(Promise.resolve(null));
    stream.push(Promise.resolve({ result: { data: { n: 'after' } }, bytes: 10, receivedAt: 0 }));
    expect(await stream.next()).toEqual({ value: { data: { n: 'after' } }, done: false });
  });

  it('passes a failed item on to the consumer as an error', async () => {
    const stream = streamOn(budgetOf(1000));
    const failing = lateItem(10);
    stream.push(failing.item);
    failing.reject(new Error('hydration failed'));
    await expect(stream.next()).rejects.toThrow('hydration failed');
  });

  it('reports each item it hands to the consumer as sent, and no dropped one', async () => {
    const budget = budgetOf(1000);
    const sent: number[] = [];
    const stream = new SubscriberStream(
      (queued) => budget.reserve(queued.bytes),
      (queued) => budget.release(queued.bytes),
      () => undefined,
      (queued) => sent.push(queued.receivedAt),
    );
    stream.push(Promise.resolve({ result: { data: {} }, bytes: 10, receivedAt: 1 }));
    stream.push(Promise.resolve({ result: { data: {} }, bytes: 10, receivedAt: 2 }));
    await stream.next();
    await tick();
    await stream.return(); // the second was settled but never taken: dropped, not sent
    expect(sent).toEqual([1]);
  });

  it('leaves no unhandled rejection for an item pushed after the client completed', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const stream = streamOn(budgetOf(1000));
      await stream.return();
      stream.push(Promise.reject(new Error('hydration failed late')));
      await tick();
      await tick();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('ends a waiting consumer and calls onReturn once when the client completes', async () => {
    let returned = 0;
    const stream = streamOn(budgetOf(1000), () => void (returned += 1));
    const next = stream.next();
    await stream.return();
    await stream.return();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(returned).toBe(1);
  });
});
