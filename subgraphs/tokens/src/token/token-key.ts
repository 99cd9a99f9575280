import { badInput } from '@memegraph/infra';
import type { Chain } from '../generated/resolvers.js';

/** The identity of a token: chain plus address in canonical case. */
export interface TokenKey {
  chain: Chain;
  address: string;
}

const SOLANA_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** Canonical form of an address, or null when it is not valid for the chain. Solana keeps its case (base58 is case-sensitive); EVM is lower-cased. */
export function toCanonicalAddress(chain: Chain, raw: string): string | null {
  const address = raw.trim();
  if (chain === 'SOLANA') return SOLANA_ADDRESS.test(address) ? address : null;
  return EVM_ADDRESS.test(address) ? address.toLowerCase() : null;
}

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
export const toTokenKeyString = (key: TokenKey): string => `${key.chain}:${key.address}`;

const CHAINS: readonly Chain[] = ['SOLANA', 'ETHEREUM', 'BASE', 'BSC'];

/** The paging cursor that continues after `key` (opaque to callers: base64url of `CHAIN:address`). */
export const toKeyCursor = (key: TokenKey): string => Buffer.from(toTokenKeyString(key)).toString('base64url');

/** The key a cursor of {@link toKeyCursor} continues after; BAD_USER_INPUT naming `argumentName` when invalid. */
export function fromKeyCursor(cursor: string, argumentName = 'after'): TokenKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const i = text.indexOf(':');
  const chain = text.slice(0, i) as Chain;
  const address = i > 0 && CHAINS.includes(chain) ? toCanonicalAddress(chain, text.slice(i + 1)) : null;
  if (address === null) throw badInput(argumentName, 'is not a cursor this query returned');
  return { chain, address };
}
