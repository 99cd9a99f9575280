import pg from 'pg';

/** A node-postgres Client class, as the pool's `Client` option takes it. */
export type ClientClass = new (config?: unknown) => { query(...args: unknown[]): unknown };

/** node-postgres' error when `query_timeout` passed without an answer. */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

/**
 * The Client every pool uses. node-postgres' `query_timeout` rejects the caller but leaves the statement
 * outstanding on the connection, so the next statement on it would queue behind a server that may never
 * answer (a hung or partitioned server: its own statement_timeout never runs). This client closes its
 * connection on that timeout instead, so the pool drops it when it is released.
 */
export function createTimeoutDroppingClient(): ClientClass {
  const Base = pg.Client as unknown as ClientClass;
  return class TimeoutDroppingClient extends Base {
    override query(...args: unknown[]): unknown {
      const result = super.query(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if (error instanceof Error && error.message === QUERY_READ_TIMEOUT) void (this as unknown as pg.Client).end();
        });
      }
      return result;
    }
  };
}
