import { CommonErrorCode, domainError } from '@memegraph/infra';

/** pg-pool's message when no pooled connection became free within connectionTimeoutMillis. */
const POOL_ACQUIRE_TIMEOUT = 'timeout exceeded when trying to connect';

/** Thrown when a pool is saturated or a statement ran out of time: the client should retry later. */
export function busyError(reason: string) {
  return domainError(CommonErrorCode.SERVICE_BUSY, `The token database is busy (${reason}); retry shortly.`, {
    retryable: true,
  });
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error means overload rather than a fault: pool exhausted, statement timeout, too many connections. */
export function isOverloadError(error: unknown): boolean {
  const state = sqlState(error);
  return (error instanceof Error && error.message === POOL_ACQUIRE_TIMEOUT) || state === '57014' || state === '53300';
}

/**
 * True when a server could not be reached or dropped the connection, or a standby cancelled the
 * statement for a recovery conflict: the same read can safely be retried on the primary.
 */
export function isUnreachableError(error: unknown): boolean {
  const state = sqlState(error);
  if (state && (state.startsWith('08') || state.startsWith('57P') || state === '40001')) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(state ?? ''))
    return true;
  const message = error instanceof Error ? error.message : '';
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
