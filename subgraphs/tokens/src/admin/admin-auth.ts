import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '@memegraph/contracts';
import { Counter, domainError, METRIC_PREFIX, type Registry } from '@memegraph/infra';

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

/**
 * How long the answer to a wrong admin key waits. Guessing a key of 16+ characters is hopeless anyway; the
 * wait makes each guess cost a second and keeps a script from learning anything faster than that.
 */
const ADMIN_AUTH_FAILURE_DELAY_MS = 1_000;

/**
 * The admin check of an admin operation: an Authorization header that is not the admin key is a failed admin
 * authentication, counted in `memegraph_admin_auth_failures_total` and answered after a second. Requests
 * without the header are neither counted nor delayed; reads never ask.
 */
export function createAdminAuthenticator(
  isAdmin: (authorization: string | undefined) => boolean,
  registry: Registry,
): (authorization: string | undefined) => Promise<boolean> {
  const failures = new Counter({
    name: `${METRIC_PREFIX}admin_auth_failures_total`,
    help: 'Requests whose Authorization header was not the admin key (each answered after a delay).',
    registers: [registry],
  });
  return async (authorization) => {
    if (isAdmin(authorization)) return true;
    if (!authorization?.trim()) return false;
    failures.inc();
    await sleep(ADMIN_AUTH_FAILURE_DELAY_MS);
    return false;
  };
}

/** Throws UNAUTHENTICATED unless the request is an admin's. */
export function assertAdmin(isAdmin: boolean): void {
  if (!isAdmin) {
    throw domainError(
      ErrorCode.UNAUTHENTICATED,
      'This operation needs the admin API key (Authorization: Bearer <key>).',
    );
  }
}
