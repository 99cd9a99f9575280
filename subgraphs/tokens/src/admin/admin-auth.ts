import { createHash, timingSafeEqual } from 'node:crypto';
import { CommonErrorCode, domainError } from '@memegraph/infra';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Returns a checker for `Authorization: Bearer <key>`. Comparison is constant-time on digests,
 * so neither the key's content nor its length leaks through timing. No key configured: nobody is admin.
 */
export function createAdminCheck(adminApiKey: string | undefined): (authorization: string | undefined) => boolean {
  if (!adminApiKey) return () => false;
  const expected = digest(adminApiKey);
  return (authorization) => {
    const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
    return match !== null && timingSafeEqual(digest(match[1]!), expected);
  };
}

/** Throws UNAUTHENTICATED unless the request is an admin's. */
export function assertAdmin(isAdmin: boolean): void {
  if (!isAdmin) {
    throw domainError(
      CommonErrorCode.UNAUTHENTICATED,
      'This operation needs the admin API key (Authorization: Bearer <key>).',
    );
  }
}
