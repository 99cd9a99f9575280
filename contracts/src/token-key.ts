import type { Chain } from './chains.js';

/** The identity of a token: chain plus address in canonical case. */
export interface TokenKey {
  chain: Chain;
  address: string;
}

const SOLANA_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;
const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * The canonical case of an address, without validating it: Solana keeps its case (base58 is
 * case-sensitive), EVM hex is lower-cased. Every service stores and compares addresses in this form.
 */
export const toAddressCase = (chain: Chain, address: string): string =>
  chain === 'SOLANA' ? address : address.toLowerCase();

/** Canonical form of an address (trimmed, {@link toAddressCase}), or null when it is not valid for the chain. */
export function toCanonicalAddress(chain: Chain, raw: string): string | null {
  const address = raw.trim();
  const valid = chain === 'SOLANA' ? SOLANA_ADDRESS.test(address) : EVM_ADDRESS.test(address);
  return valid ? toAddressCase(chain, address) : null;
}

/** The string key of a token (`CHAIN:address`, address in canonical case): map, cache and event key. */
export const toTokenKey = (chain: Chain, address: string): string => `${chain}:${toAddressCase(chain, address)}`;
