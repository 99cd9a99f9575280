import cors from 'cors';
import type { RequestHandler } from 'express';
import { READ_AFTER_HEADER } from '../gateway.context.js';

/**
 * CORS on /graphql: `origins` is the allowlist (`*`: any origin). Default (CORS_ORIGINS unset): any
 * origin outside production, none in production. No credentials are allowed (the API uses header keys,
 * not cookies). Preflight headers are reflected, so the CSRF preflight header and API keys pass.
 */
export function createCorsMiddleware(origins: string[] | undefined, production: boolean): RequestHandler {
  const allowed = origins ?? (production ? [] : ['*']);
  return cors({
    origin: allowed.includes('*') ? true : allowed,
    methods: ['GET', 'POST', 'OPTIONS'],
    exposedHeaders: ['Retry-After', 'RateLimit-Remaining', READ_AFTER_HEADER],
    maxAge: 600,
  });
}
