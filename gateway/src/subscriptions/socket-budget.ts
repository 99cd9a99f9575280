/** The part of a WebSocket a budget needs. */
export interface BudgetedSocket {
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

/** Close code for a client that does not read fast enough (private range, graphql-ws leaves 4008 free). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;

/**
 * Bounds what one socket holds in memory: messages executed but not yet sent (queued behind a send
 * that has not completed) plus what ws has buffered. Past the limit the client is closed with 4008,
 * so a reader that stalls costs at most the limit instead of growing the process.
 */
export class SocketBudget {
  private pending = 0;
  /** True once the socket was closed for exceeding its budget; nothing more is queued for it. */
  exceeded = false;

  constructor(
    private readonly socket: BudgetedSocket,
    private readonly maxBytes: number,
    private readonly onExceeded: () => void = () => undefined,
  ) {}

  /** Accounts a message about to be queued; false (and the socket closed) when it does not fit. */
  reserve(bytes: number): boolean {
    if (this.exceeded) return false;
    this.pending += bytes;
    if (this.pending + this.socket.bufferedAmount <= this.maxBytes) return true;
    this.exceeded = true;
    this.onExceeded();
    this.socket.close(SLOW_CONSUMER_CLOSE_CODE, `slow consumer: more than ${this.maxBytes} bytes queued`);
    return false;
  }

  /** A queued message was handed to the socket. */
  release(bytes: number): void {
    this.pending -= bytes;
  }
}
