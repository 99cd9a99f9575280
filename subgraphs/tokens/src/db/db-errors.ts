import { ErrorCode } from '@memegraph/contracts';
import { domainError } from '@memegraph/infra';
import { QUERY_READ_TIMEOUT } from './pg-client.js';

/** pg-pool's message when no pooled connection became free within connectionTimeoutMillis. */
const POOL_ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

/** Thrown when a pool is saturated or a statement ran out of time: the client should retry later. */
export function busyError(reason: string) {
  return domainError(ErrorCode.SERVICE_BUSY, `The token database is busy (${reason}); retry shortly.`, {
    retryable: true,
  });
}

/** Thrown while no writable primary is known: the client should retry after `retryAfterSeconds`. */
export function primaryUnavailableError(retryAfterSeconds: number) {
  return domainError(
    ErrorCode.PRIMARY_UNAVAILABLE,
    'No writable token database right now (failover in progress?); retry shortly.',
    { retryable: true, retryAfterSeconds },
  );
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error means overload rather than a fault: pool exhausted, statement timeout, too many connections. */
export function isOverloadError(error: unknown): boolean {
  const state = sqlState(error);
  return isPoolAcquireTimeout(error) || state === '57014' || state === '53300';
}

/** No pooled connection came in time (the server may be hung): nothing ran, so another server may run it. */
export function isPoolAcquireTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === POOL_ACQUIRE_TIMEOUT;
}

/** True when a write reached a server in recovery (SQLSTATE 25006): the primary we knew was demoted. */
export function isReadOnlyError(error: unknown): boolean {
  return sqlState(error) === '25006';
}

/**
 * True when a server could not be reached, dropped the connection, did not answer within the client-side
 * query timeout (hung), or, being a standby, cancelled the statement for a recovery conflict: the same read
 * can safely be retried on another server.
 */
export function isUnreachableError(error: unknown): boolean {
  const state = sqlState(error);
  if (state && (state.startsWith('08') || state.startsWith('57P') || state === '40001')) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(state ?? ''))
    return true;
  const message = error instanceof Error ? error.message : '';
  if (message === QUERY_READ_TIMEOUT) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|the database system is (shutting down|starting up)/i.test(
    message,
  );
}

/** Maps overload errors to SERVICE_BUSY; anything else is rethrown untouched (and masked later). */
export function toClientError(error: unknown): unknown {
  if (isOverloadError(error)) {
    return busyError(sqlState(error) === '57014' ? 'statement timeout' : 'no free connection');
  }
  return error;
}
