import { describe, expect, it } from '@jest/globals';
import { buildOrUndo, createShutdownStack } from './shutdown-stack.js';

describe('ShutdownStack', () => {
  it('closes newest first, each closer once, even when one fails (which close then rethrows)', async () => {
    const stack = createShutdownStack();
    const closed: string[] = [];
    stack.own({ close: () => closed.push('pool') });
    stack.defer(() => {
      closed.push('timer');
      throw new Error('timer failed');
    });
    stack.defer(async () => closed.push('http'));
    await expect(stack.close()).rejects.toThrow('timer failed');
    await expect(stack.close()).rejects.toThrow('timer failed');
    expect(closed).toEqual(['http', 'timer', 'pool']);
  });

  it('buildOrUndo closes what a failed build had registered, and returns what a good one built', async () => {
    const closed: string[] = [];
    await expect(
      buildOrUndo(async (stack) => {
        stack.defer(() => closed.push('pool'));
        throw new Error('port in use');
      }),
    ).rejects.toThrow('port in use');
    expect(closed).toEqual(['pool']);
    expect(await buildOrUndo(async (stack) => (stack.defer(() => closed.push('kept')), 'built'))).toBe('built');
    expect(closed).toEqual(['pool']);
  });
});
