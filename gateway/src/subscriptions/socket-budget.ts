import { WebSocketCloseCode } from './close-codes.js';

/** The part of a WebSocket a budget needs. */
export interface BudgetedSocket {
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  terminate(): void;
}

/**
 * Bounds what one socket holds in memory: messages executed but not yet sent (queued behind a send
 * that has not completed) plus what ws has buffered. Past the limit the client is closed with 4008,
 * so a reader that stalls costs at most the limit instead of growing the process. With a shared budget,
 * what all sockets hold together is bounded too (see {@link SharedBufferBudget}).
 */
export class SocketBudget {
  private pending = 0;
  /** What this socket held when last looked at (the shared budget's share of it). */
  accounted = 0;
  /** True once the socket was closed for exceeding its budget; nothing more is queued for it. */
  exceeded = false;

  constructor(
    private readonly socket: BudgetedSocket,
    private readonly maxBytes: number,
    private readonly onExceeded: () => void = () => undefined,
    private readonly shared?: SharedBufferBudget,
  ) {
    shared?.join(this);
  }

  /** What the socket holds now: queued here and buffered in ws. */
  held(): number {
    return this.pending + this.socket.bufferedAmount;
  }

  /** Accounts a message about to be queued; false (and the socket closed) when it does not fit. */
  reserve(bytes: number): boolean {
    if (this.exceeded) return false;
    this.pending += bytes;
    const held = this.held();
    if (held > this.maxBytes) {
      this.exceeded = true;
      this.shared?.leave(this);
      this.onExceeded();
      this.socket.close(WebSocketCloseCode.SLOW_CONSUMER, `slow consumer: more than ${this.maxBytes} bytes queued`);
      return false;
    }
    const before = this.accounted;
    this.accounted = held;
    this.shared?.grew(held - before);
    return !this.exceeded; // the shared budget may have cut this very socket
  }

  /** A queued message was handed to the socket. */
  release(bytes: number): void {
    this.pending -= bytes;
  }

  /** Cut by the shared budget: dropped at once, since a close handshake would wait behind the unsent bytes. */
  cut(): void {
    this.exceeded = true;
    this.socket.terminate();
  }

  /** The socket closed: it no longer holds anything. */
  dispose(): void {
    this.shared?.leave(this);
  }
}

/**
 * Bounds what all sockets of this instance hold together (WS_MAX_TOTAL_BUFFERED_BYTES): many slow readers,
 * each under its own limit, could otherwise hold sockets × WS_MAX_BUFFERED_BYTES. It keeps a running
 * estimate from each socket's reservations; when that passes the cap, it counts every socket exactly (ws
 * sends in between without telling) and, while still over, drops the socket holding the most.
 */
export class SharedBufferBudget {
  private readonly members = new Set<SocketBudget>();
  private estimate = 0;
  /** Sockets dropped so far to keep the total under the cap. */
  cuts = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly onCut: () => void = () => undefined,
  ) {}

  join(budget: SocketBudget): void {
    this.members.add(budget);
  }

  leave(budget: SocketBudget): void {
    if (this.members.delete(budget)) this.estimate -= budget.accounted;
  }

  /** A socket holds `delta` bytes more than it was accounted for. */
  grew(delta: number): void {
    this.estimate += delta;
    if (this.estimate <= this.maxBytes) return;
    this.estimate = 0;
    for (const member of this.members) {
      member.accounted = member.held();
      this.estimate += member.accounted;
    }
    while (this.estimate > this.maxBytes && this.members.size > 0) {
      let largest: SocketBudget | undefined;
      for (const member of this.members) if (!largest || member.accounted > largest.accounted) largest = member;
      this.leave(largest!);
      largest!.cut();
      this.cuts += 1;
      this.onCut();
    }
  }
}
