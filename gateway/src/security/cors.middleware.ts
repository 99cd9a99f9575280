import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import { READ_AFTER_HEADER } from '../gateway.context.js';

/** The `cors` package's middleware: plain node req/res, so express mounts it and the lean path calls it. */
export type CorsMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * CORS on /graphql: `origins` is the allowlist (`*`: any origin). Default (CORS_ORIGINS unset): any
 * origin outside production, none in production. No credentials are allowed (the API uses header keys,
 * not cookies). Preflight headers are reflected, so the CSRF preflight header and API keys pass.
 */
export function createCorsMiddleware(origins: string[] | undefined, production: boolean): CorsMiddleware {
  const allowed = allowedOrigins(origins, production);
  return cors({
    origin: allowed.includes('*') ? true : allowed,
    methods: ['GET', 'POST', 'OPTIONS'],
    exposedHeaders: ['Retry-After', 'RateLimit-Remaining', READ_AFTER_HEADER],
    maxAge: 600,
  });
}

/** CORS_ORIGINS, or its default: any origin outside production, none in production. */
const allowedOrigins = (origins: string[] | undefined, production: boolean) => origins ?? (production ? [] : ['*']);

/**
 * The same allowlist for WebSocket upgrades, which CORS does not cover (a page on any site may open a
 * WebSocket; only the Origin header tells). An upgrade passes without an Origin (not a browser), from the
 * gateway's own origin (its GraphiQL page: Origin's host equals the Host header), or from a listed origin.
 */
export function createWebSocketOriginCheck(
  origins: string[] | undefined,
  production: boolean,
): (request: IncomingMessage) => boolean {
  const allowed = allowedOrigins(origins, production);
  if (allowed.includes('*')) return () => true;
  return (request) => {
    const { origin, host } = request.headers;
    if (origin === undefined || allowed.includes(origin)) return true;
    try {
      return new URL(origin).host === host;
    } catch {
      return false; // "null" (sandboxed pages, file://) or garbage
    }
  };
}
