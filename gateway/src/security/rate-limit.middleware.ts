import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger, TokenBucket } from '@memegraph/infra';
import { sendRefusal, type HttpGuard } from './http-body-guard.js';
import { SecurityErrorCode } from './security-errors.js';

/** The per-client request budget on /graphql (see security.config.ts). */
export interface RateLimitOptions {
  /** Shared through Redis when the gateway has it, else this instance's memory. */
  bucket: TokenBucket;
  perMinute: number;
  burst: number;
  /** Header carrying a client's API key; clients without a known one are keyed by IP. */
  keyHeader: string;
  /** SHA-256 hex digests of the API keys that identify a client (RATE_LIMIT_API_KEYS). */
  knownKeys: ReadonlySet<string>;
  log: Logger;
}

/** SHA-256 hex of an API key: how RATE_LIMIT_API_KEYS lists keys and how their buckets are named. */
export const digestApiKey = (apiKey: string): string => createHash('sha256').update(apiKey).digest('hex');

/**
 * A client's bucket name: a known API key's digest (never the key itself), else its IP. An unknown key
 * counts as its IP too, so inventing keys buys no budget.
 */
export function getClientKey(apiKey: unknown, ip: string | undefined, knownKeys: ReadonlySet<string>): string {
  if (typeof apiKey === 'string' && apiKey.length > 0) {
    const digest = digestApiKey(apiKey);
    if (knownKeys.has(digest)) return `key:${digest.slice(0, 32)}`;
  }
  return `ip:${ip ?? 'unknown'}`;
}

/** One client's verdict: allowed, or refused until `retryAfterSeconds`. */
export interface RateLimitVerdict {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/** Takes one token from a client's bucket; HTTP requests and graphql-ws subscribes draw on the same one. */
export type ClientRateLimiter = (clientKey: string) => Promise<RateLimitVerdict>;

/**
 * The per-client budget. The Redis store falls back to this process's buckets while Redis cannot answer
 * (see gateway-security.ts); should a store fail all the same, requests pass and it is logged: the limit
 * protects the service, it must not take it down.
 */
export function createClientRateLimiter(options: RateLimitOptions): ClientRateLimiter {
  const shape = { capacity: options.burst, refillPerMinute: options.perMinute };
  return async (clientKey) => {
    try {
      const result = await options.bucket.tryAcquire(clientKey, shape);
      const retryAfterSeconds = Number.isFinite(result.waitMs) ? Math.max(1, Math.ceil(result.waitMs / 1000)) : 60;
      return { allowed: result.allowed, remaining: result.remaining, retryAfterSeconds };
    } catch (error) {
      options.log.warn({ err: error }, 'rate limit store failed; request let through');
      return { allowed: true, remaining: 0, retryAfterSeconds: 0 };
    }
  };
}

/** The refusal's text: the same over HTTP and graphql-ws. */
export const rateLimitMessage = (options: RateLimitOptions, retryAfterSeconds: number): string =>
  `Too many requests: ${options.perMinute} per minute (bursts of ${options.burst}); retry in ${retryAfterSeconds} s.`;

/**
 * The client's address as express's `req.ip` gives it with `trust proxy` set to a number of hops (what
 * TRUST_PROXY_HOPS sets): of the socket's address followed by X-Forwarded-For's entries from the last one
 * (which the nearest proxy appended), the `hops`-th, or the first the client sent when there are fewer.
 */
export function getProxiedAddress(req: IncomingMessage, hops: number): string | undefined {
  const forwarded = req.headers['x-forwarded-for']; // Node joins repeated fields with ", "
  const addresses = [req.socket.remoteAddress, ...parseForwardedFor(typeof forwarded === 'string' ? forwarded : '')];
  return addresses[Math.min(hops, addresses.length - 1)];
}

/**
 * X-Forwarded-For's entries from the last one, as express parses them (the `forwarded` package): split at
 * commas, spaces around an entry dropped (other whitespace kept), empty entries skipped.
 */
function parseForwardedFor(header: string): string[] {
  const list: string[] = [];
  let end = header.length;
  let start = header.length;
  for (let i = header.length - 1; i >= 0; i -= 1) {
    const char = header.charCodeAt(i);
    if (char === 0x20) {
      if (start === end) start = end = i;
    } else if (char === 0x2c) {
      if (start !== end) list.push(header.substring(start, end));
      start = end = i;
    } else {
      start = i;
    }
  }
  if (start !== end) list.push(header.substring(start, end));
  return list;
}

/**
 * Takes one token per request from the bucket of its client (a known API key, else its address behind
 * `trustProxyHops` proxies); an empty bucket is HTTP 429 with Retry-After and a RATE_LIMITED GraphQL error.
 * Plain node: express mounts it, and POST /graphql's lean path runs it before reading the body.
 */
export function createRateLimitMiddleware(
  options: RateLimitOptions,
  limiter: ClientRateLimiter,
  trustProxyHops: number,
): HttpGuard {
  return async (req, res, next) => {
    const address = getProxiedAddress(req, trustProxyHops);
    const verdict = await limiter(getClientKey(req.headers[options.keyHeader], address, options.knownKeys));
    res.setHeader('RateLimit-Remaining', String(verdict.remaining));
    if (verdict.allowed) return next();
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    sendRefusal(res, 429, SecurityErrorCode.RATE_LIMITED, rateLimitMessage(options, verdict.retryAfterSeconds), {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  };
}
