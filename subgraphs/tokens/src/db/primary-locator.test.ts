import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import type { DatabaseServer } from './database-server.js';
import { PRIMARY_MAX_MISSES, PrimaryLocator } from './primary-locator.js';

type Answer = 'primary' | 'standby' | 'down';

/** A host whose probe answers what the test sets (the locator only probes and asks `ready`). */
function host(name: string, answer: Answer) {
  const state = { answer };
  const server = {
    name,
    ready: () => true,
    probe: {
      probe: async () => {
        if (state.answer === 'down') throw new Error(`${name} did not answer`);
        return { recovery: state.answer === 'standby', lsn: 1n };
      },
    },
  } as unknown as DatabaseServer;
  return { server, set: (next: Answer) => (state.answer = next) };
}

const log = createLogger('test', 'silent');

describe('PrimaryLocator', () => {
  it('keeps the promoted primary through a missed check although the old one, listed first, is writable again', async () => {
    const old = host('old', 'down');
    const promoted = host('promoted', 'primary');
    const locator = new PrimaryLocator([old.server, promoted.server], log);
    await locator.locate();
    expect(locator.primary).toBe(promoted.server);
    old.set('primary'); // came back without being demoted
    promoted.set('down'); // one slow probe, one dropped connection
    locator.lost(promoted.server, 'Connection terminated', false);
    for (let i = 1; i < PRIMARY_MAX_MISSES; i += 1) {
      await locator.locate();
      expect(locator.primary).toBe(promoted.server);
    }
    // Missing check after check, it is gone: the writable host takes the writes.
    await locator.locate();
    expect(locator.primary).toBe(old.server);
  });

  it('forgets at once a primary that refused a write as read-only (demoted)', async () => {
    const first = host('first', 'primary');
    const second = host('second', 'standby');
    const locator = new PrimaryLocator([first.server, second.server], log);
    await locator.locate();
    first.set('standby');
    second.set('primary');
    locator.lost(first.server, 'read-only', true);
    await locator.locate();
    expect(locator.primary).toBe(second.server);
  });

  it('drops a primary that answers as a standby at the next check', async () => {
    const only = host('only', 'primary');
    const locator = new PrimaryLocator([only.server], log);
    await locator.locate();
    only.set('standby');
    await locator.locate();
    expect(locator.primary).toBeNull();
  });
});
