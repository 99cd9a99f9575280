import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether a graphql-ws `connection_init` payload carries `Bearer <token>`, either as
 * `{ authorization }` or as `{ headers: { authorization } }` (clients that reuse their HTTP headers).
 * Compared in constant time over digests, so neither content nor length leaks through timing.
 */
export function isAuthorizedConnection(params: Readonly<Record<string, unknown>> | undefined, token: string): boolean {
  const headers = params?.headers;
  const authorization =
    params?.authorization ??
    (typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>).authorization : undefined);
  if (typeof authorization !== 'string') return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}
