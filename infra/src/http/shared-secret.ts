import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';

/** Header in which the gateway sends the secret it shares with the subgraphs. */
export const SUBGRAPH_SECRET_HEADER = 'x-subgraph-secret';

/** Codes of a refused internal request (HTTP 401 / 403). */
export const SharedSecretErrorCode = {
  SUBGRAPH_SECRET_REQUIRED: 'SUBGRAPH_SECRET_REQUIRED',
  SUBGRAPH_SECRET_INVALID: 'SUBGRAPH_SECRET_INVALID',
} as const;

/** SUBGRAPH_SECRET, on the gateway and on every subgraph (the same value). */
export const subgraphSecretConfigShape = {
  /**
   * Secret the gateway sends to the subgraphs, which refuse /graphql without it (at least 16
   * characters). Required when NODE_ENV=production; unset elsewhere: the subgraphs accept anyone.
   */
  SUBGRAPH_SECRET: z.string().min(16, 'SUBGRAPH_SECRET must be at least 16 characters').optional(),
};

/** Config refinement: a production service refuses to start without SUBGRAPH_SECRET. */
export function requireSubgraphSecretInProduction(
  config: { NODE_ENV: string; SUBGRAPH_SECRET?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (config.NODE_ENV === 'production' && !config.SUBGRAPH_SECRET) {
    ctx.addIssue({
      code: 'custom',
      path: ['SUBGRAPH_SECRET'],
      message: 'SUBGRAPH_SECRET is required when NODE_ENV=production (subgraphs must not be open to anyone)',
    });
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Middleware (express or plain node:http) admitting only requests whose SUBGRAPH_SECRET_HEADER equals
 * `secret`: missing is 401 SUBGRAPH_SECRET_REQUIRED, wrong is 403 SUBGRAPH_SECRET_INVALID, as a GraphQL
 * error body. Compared in constant time on digests, so neither content nor length leaks. No secret: open.
 */
export function createSharedSecretGuard(secret: string | undefined) {
  const expected = secret === undefined ? undefined : digest(secret);
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!expected) return next();
    const given = req.headers[SUBGRAPH_SECRET_HEADER];
    if (typeof given === 'string' && given.length > 0 && timingSafeEqual(digest(given), expected)) return next();
    const [status, code, message] =
      typeof given === 'string' && given.length > 0
        ? [403, SharedSecretErrorCode.SUBGRAPH_SECRET_INVALID, 'The internal secret is wrong.']
        : [
            401,
            SharedSecretErrorCode.SUBGRAPH_SECRET_REQUIRED,
            `This service is internal: only the gateway may call it (${SUBGRAPH_SECRET_HEADER} header).`,
          ];
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
}
