import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { createWebSocketAdmission } from './websocket-admission.js';

/** An upgrade request from `socket`, through proxies that sent `forwardedFor`. */
const upgrade = (socket: string, forwardedFor?: string) =>
  ({
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    socket: { remoteAddress: socket },
  }) as unknown as IncomingMessage;

describe('createWebSocketAdmission behind a trusted proxy', () => {
  it("counts each client by X-Forwarded-For's entry one hop back, as the HTTP rate limit keys it", async () => {
    const admission = createWebSocketAdmission({
      maxConnectionsPerIp: 1,
      upgradesPerMinutePerIp: 0,
      trustProxyHops: 1,
    });
    const first = upgrade('10.0.0.1', 'spoofed, 203.0.113.7');
    expect(await admission.admit(first)).toBeUndefined();
    admission.opened(first);
    // The same client through the same proxy (spaces and empty entries are not part of the address).
    expect((await admission.admit(upgrade('10.0.0.1', '203.0.113.7 ,,')))?.status).toBe(429);
    // Another client behind the same proxy; and a tab belongs to the entry, as express reads it.
    expect(await admission.admit(upgrade('10.0.0.1', '203.0.113.8'))).toBeUndefined();
    expect(await admission.admit(upgrade('10.0.0.1', '203.0.113.7\t'))).toBeUndefined();
  });

  it('uses the socket address with no trusted proxy, whatever X-Forwarded-For says', async () => {
    const admission = createWebSocketAdmission({
      maxConnectionsPerIp: 1,
      upgradesPerMinutePerIp: 0,
      trustProxyHops: 0,
    });
    const close = admission.opened(upgrade('198.51.100.1', '203.0.113.7'));
    expect((await admission.admit(upgrade('198.51.100.1', '203.0.113.9')))?.status).toBe(429);
    close();
    expect(await admission.admit(upgrade('198.51.100.1'))).toBeUndefined();
  });
});
