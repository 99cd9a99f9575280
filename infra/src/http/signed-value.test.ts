import { describe, expect, it } from '@jest/globals';
import { createSignedValues } from './signed-value.js';

const SECRET = 'signed-value-test-secret-0123456789';

describe('createSignedValues', () => {
  let now = 1_700_000_000_000;
  const signer = createSignedValues(SECRET, () => now);

  it('gives back the value of a token it signed, until the token expires', () => {
    const token = signer.sign('16/B374D848', 60_000);
    expect(token).toMatch(/^16\/B374D848\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(signer.verify(token)).toBe('16/B374D848');
    expect(createSignedValues(SECRET, () => now).verify(token)).toBe('16/B374D848'); // another instance
    now += 61_000;
    expect(signer.verify(token)).toBeUndefined();
  });

  it.each([
    ['a bare value', () => 'FFFFFFFF/FFFFFFFF'],
    ['an altered value', () => signer.sign('0/1', 60_000).replace('0/1', 'FFFFFFFF/FFFFFFFF')],
    ['a later expiry', () => signer.sign('0/1', 60_000).replace(/\.[0-9a-z]+\./, `.${'z'.repeat(8)}.`)],
    ['another secret', () => createSignedValues(`${SECRET}x`, () => now).sign('0/1', 60_000)],
    ['extra parts', () => `${signer.sign('0/1', 60_000)}.x`],
    ['a truncated MAC', () => signer.sign('0/1', 60_000).slice(0, -2)],
  ])('refuses %s', (_name, token) => {
    expect(signer.verify(token())).toBeUndefined();
  });

  it('passes values through unsigned without a secret (development)', () => {
    const open = createSignedValues(undefined);
    expect(open.sign('0/1', 60_000)).toBe('0/1');
    expect(open.verify('FFFFFFFF/FFFFFFFF')).toBe('FFFFFFFF/FFFFFFFF');
    expect(open.verify(undefined)).toBeUndefined();
  });
});
