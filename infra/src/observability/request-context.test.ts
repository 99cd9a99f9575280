import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../logging/create-logger.js';
import { getRequestContext, runInRequestContext, toRequestId } from './request-context.js';

describe('toRequestId', () => {
  it.each(['abc-123', 'req_1.2:3/4@host+x=y', 'a'.repeat(128)])('keeps the client id %s', (id) => {
    expect(toRequestId(id)).toBe(id);
  });

  it.each([undefined, '', 'has space', '<script>', 'a'.repeat(129), 'line\nbreak'])(
    'replaces %p with a new UUID',
    (id) => {
      expect(toRequestId(id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(toRequestId(['first', 'second'])).toBe('first');
  });
});

describe('request context', () => {
  it('follows the request across awaits and timers, and is absent outside it', async () => {
    expect(getRequestContext()).toBeUndefined();
    const seen = await runInRequestContext({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return getRequestContext()?.requestId;
    });
    expect(seen).toBe('r-1');
    expect(getRequestContext()).toBeUndefined();
  });

  it('puts the request id on every log line written while handling the request', () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger('test', 'info', sink);
    runInRequestContext({ requestId: 'r-2' }, () => log.child({ part: 'resolver' }).info('inside'));
    log.info('outside');
    expect(lines).toEqual([
      expect.objectContaining({ service: 'test', part: 'resolver', requestId: 'r-2', msg: 'inside' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
  });
});
