import { describe, expect, it } from '@jest/globals';
import { SharedBufferBudget, SocketBudget, type BudgetedSocket } from './socket-budget.js';

/** A socket whose ws buffer the test sets; records how it was closed. */
const fakeSocket = () => {
  const socket = {
    bufferedAmount: 0,
    closedWith: undefined as number | undefined,
    terminated: false,
    close(code: number) {
      socket.closedWith = code;
    },
    terminate() {
      socket.terminated = true;
    },
  };
  return socket satisfies BudgetedSocket;
};

describe('SharedBufferBudget', () => {
  it('drops the socket holding the most once all sockets together pass the cap', () => {
    const shared = new SharedBufferBudget(1_000);
    const [small, large, reserving] = [fakeSocket(), fakeSocket(), fakeSocket()];
    const budgets = [small, large, reserving].map((socket) => new SocketBudget(socket, 800, undefined, shared));
    expect(budgets[0]!.reserve(200)).toBe(true);
    expect(budgets[1]!.reserve(500)).toBe(true);
    large.bufferedAmount = 100; // ws took more without telling: counted exactly once the estimate passes the cap
    expect(budgets[2]!.reserve(350)).toBe(true); // 1,050 > 1,000: the largest (600) goes, not the reserving one
    expect(large.terminated).toBe(true);
    expect([small.terminated, reserving.terminated]).toEqual([false, false]);
    expect(shared.cuts).toBe(1);
    expect(budgets[1]!.reserve(1)).toBe(false); // nothing more is queued for a dropped socket
  });

  it('drops the reserving socket itself when it holds the most', () => {
    const shared = new SharedBufferBudget(1_000);
    const [other, greedy] = [fakeSocket(), fakeSocket()];
    const [first, second] = [other, greedy].map((socket) => new SocketBudget(socket, 900, undefined, shared));
    expect(first!.reserve(300)).toBe(true);
    expect(second!.reserve(800)).toBe(false);
    expect(greedy.terminated).toBe(true);
    expect(other.terminated).toBe(false);
  });

  it('forgets what closed sockets held, and what sockets sent since', () => {
    const shared = new SharedBufferBudget(1_000);
    const sockets = [fakeSocket(), fakeSocket()];
    const [a, b] = sockets.map((socket) => new SocketBudget(socket, 900, undefined, shared));
    a!.reserve(700);
    a!.dispose();
    expect(b!.reserve(700)).toBe(true);
    b!.release(700); // handed to ws, which sent it: the socket holds nothing now
    expect(b!.reserve(700)).toBe(true); // the stale 700 is recounted as 0 when the estimate passes the cap
    expect(sockets.map((socket) => socket.terminated)).toEqual([false, false]);
  });

  it('still closes one socket past its own limit with 4008', () => {
    const shared = new SharedBufferBudget(10_000);
    const socket = fakeSocket();
    const budget = new SocketBudget(socket, 100, undefined, shared);
    expect(budget.reserve(101)).toBe(false);
    expect(socket.closedWith).toBe(4008);
  });
});
