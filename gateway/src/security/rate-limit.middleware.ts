import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger, TokenBucket } from '@memegraph/infra';
import { sendRefusal } from './http-body-guard.js';
import { SecurityErrorCode } from './security-errors.js';

/** The per-client request budget on /graphql (see security.config.ts). */
export interface RateLimitOptions {
  /** Shared through Redis when the gateway has it, else this instance's memory; asked for at the first request. */
  bucket: () => TokenBucket;
  perMinute: number;
  burst: number;
  /** Header carrying a client's API key; clients without one are keyed by IP. */
  keyHeader: string;
  log: Logger;
}

/** A client's bucket name: a hash of its API key (never the key itself), else its IP. */
function getClientKey(apiKey: string | string[] | undefined, ip: string | undefined): string {
  if (typeof apiKey === 'string' && apiKey.length > 0) {
    return `key:${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
  }
  return `ip:${ip ?? 'unknown'}`;
}

/**
 * Takes one token per request from the client's bucket; an empty bucket is HTTP 429 with Retry-After and
 * a RATE_LIMITED GraphQL error. If the bucket store fails (Redis down), requests pass and it is logged:
 * the limit protects the service, it must not take it down.
 */
export function createRateLimitMiddleware(options: RateLimitOptions): RequestHandler {
  const shape = { capacity: options.burst, refillPerMinute: options.perMinute };
  let bucket: TokenBucket | undefined;
  return async (req, res, next) => {
    const key = getClientKey(req.headers[options.keyHeader], req.ip);
    let result;
    try {
      bucket ??= options.bucket();
      result = await bucket.tryAcquire(key, shape);
    } catch (error) {
      options.log.warn({ err: error }, 'rate limit store failed; request let through');
      return next();
    }
    res.setHeader('RateLimit-Remaining', String(result.remaining));
    if (result.allowed) return next();
    const retryAfterSeconds = Number.isFinite(result.waitMs) ? Math.max(1, Math.ceil(result.waitMs / 1000)) : 60;
    res.setHeader('Retry-After', String(retryAfterSeconds));
    sendRefusal(
      res,
      429,
      SecurityErrorCode.RATE_LIMITED,
      `Too many requests: ${options.perMinute} per minute (bursts of ${options.burst}); retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  };
}
