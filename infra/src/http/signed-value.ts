import { createHmac, timingSafeEqual } from 'node:crypto';

/** Values a service hands out through a client and accepts back only unaltered and unexpired. */
export interface SignedValues {
  /** `value` with its expiry (`ttlMs` from now) and a MAC; the value itself unchanged without a secret. */
  sign(value: string, ttlMs: number): string;
  /**
   * The value of a token this signer (or one with the same secret) issued and that has not expired, else
   * undefined. Without a secret, any token is taken as it is.
   */
  verify(token: string | undefined): string | undefined;
}

/** Bytes of HMAC-SHA256 kept (128 bits: forging one is out of reach, the header stays short). */
const MAC_BYTES = 16;

/**
 * Signs values with HMAC-SHA256 under `secret` (SUBGRAPH_SECRET, shared by the gateway and the subgraphs) as
 * `<value>.<expiry, epoch seconds in base 36>.<MAC, base64url>`. The value must not contain a dot. No
 * secret (development only: production requires one): tokens are the bare values, accepted as they are.
 */
export function createSignedValues(secret: string | undefined, now: () => number = Date.now): SignedValues {
  const mac = (payload: string) => createHmac('sha256', secret!).update(payload).digest().subarray(0, MAC_BYTES);
  return {
    sign(value, ttlMs) {
      if (!secret) return value;
      const payload = `${value}.${Math.ceil((now() + ttlMs) / 1000).toString(36)}`;
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(token) {
      if (!secret || token === undefined) return token;
      const [value, expiry, given, ...rest] = token.split('.');
      if (!value || !expiry || !given || rest.length > 0) return undefined;
      const expected = mac(`${value}.${expiry}`);
      const received = Buffer.from(given, 'base64url');
      if (received.length !== expected.length || !timingSafeEqual(received, expected)) return undefined;
      return parseInt(expiry, 36) * 1000 > now() ? value : undefined;
    },
  };
}
