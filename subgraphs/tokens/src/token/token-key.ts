import { isChain, toCanonicalAddress, toTokenKey, type TokenKey } from '@memegraph/contracts';
import { badInput } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';

// The key and the canonical-address rule are a cross-service contract; this file adds the API's argument checks.
export { toCanonicalAddress, type TokenKey } from '@memegraph/contracts';

/** Validates and canonicalises one address argument; throws BAD_USER_INPUT naming the argument. */
export function assertTokenKey(chain: Chain, raw: string, argumentName = 'address'): TokenKey {
  const address = toCanonicalAddress(chain, raw);
  if (address === null) {
    const expected =
      chain === 'SOLANA' ? 'a base58 Solana address (32-44 characters)' : 'a 0x-prefixed 40-hex-digit address';
    throw badInput(argumentName, `"${raw}" is not ${expected} for chain ${chain}`);
  }
  return { chain, address };
}

/** Cache/map key of a token. */
export const toTokenKeyString = (key: TokenKey): string => toTokenKey(key.chain, key.address);

/** The paging cursor that continues after `key` (opaque to callers: base64url of `CHAIN:address`). */
export const toKeyCursor = (key: TokenKey): string => Buffer.from(toTokenKeyString(key)).toString('base64url');

/** The key a cursor of {@link toKeyCursor} continues after; BAD_USER_INPUT naming `argumentName` when invalid. */
export function fromKeyCursor(cursor: string, argumentName = 'after'): TokenKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  const chain = text.slice(0, i);
  const address = i > 0 && isChain(chain) ? toCanonicalAddress(chain, text.slice(i + 1)) : null;
  if (address === null || !isChain(chain)) throw badInput(argumentName, 'is not a cursor this query returned');
  return { chain, address };
}
