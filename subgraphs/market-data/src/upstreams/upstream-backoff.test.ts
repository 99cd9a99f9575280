import { describe, expect, it } from '@jest/globals';
import { createMemoryUpstreamBackoff } from './upstream-backoff.js';
import { describeUpstreamBackoffContract } from './upstream-backoff.contract.js';

describeUpstreamBackoffContract('in process', () => createMemoryUpstreamBackoff());

describe('in-process back-off: additive recovery', () => {
  it('recovers the factor by recoveryPerMinute per minute, up to 1', async () => {
    let now = 0;
    const backoff = createMemoryUpstreamBackoff({ recoveryPerMinute: 0.2 }, () => now);
    await backoff.penalize('k', 1_000);
    await backoff.penalize('k', 1_000);
    expect((await backoff.state('k')).factor).toBeCloseTo(0.25, 9);
    now += 60_000;
    expect((await backoff.state('k')).factor).toBeCloseTo(0.45, 9);
    now += 10 * 60_000;
    expect(await backoff.state('k')).toEqual({ closedForMs: 0, factor: 1 });
  });
});
