/**
 * infra may not import contracts (it stays domain-free), so the few codes it sets itself are spelled there
 * too: each must be a code of the one registry, or the README's error table would not list it.
 */
import { describe, expect, it } from '@jest/globals';
import { errorCodes } from '@memegraph/contracts';
import { SharedSecretErrorCode, StandardErrorCode } from '@memegraph/infra';

describe('codes infra sets itself', () => {
  it.each(Object.values({ ...StandardErrorCode, ...SharedSecretErrorCode }))('%s is in the registry', (code) => {
    expect(Object.keys(errorCodes)).toContain(code);
  });
});
