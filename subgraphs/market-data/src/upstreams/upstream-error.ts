import type { Source } from '../generated/resolvers.js';

/** Stable codes of upstream failures. */
export type UpstreamErrorCode =
  'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_RATE_LIMITED' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_MALFORMED';

/** An upstream call failed: the source, a stable code and a short message, never the upstream body. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  /** HTTP status when the upstream answered. */
  readonly status: number | undefined;
  /** How long the upstream asked us to wait (429 + Retry-After). */
  readonly retryAfterMs: number | undefined;
  /** Whether another attempt may succeed. */
  readonly retryable: boolean;

  constructor(
    readonly source: Source,
    readonly code: UpstreamErrorCode,
    message: string,
    details: { status?: number; retryAfterMs?: number | undefined; retryable: boolean },
  ) {
    super(message);
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = details.retryable;
  }
}
