import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createLogger, createRedisAvailability } from '@memegraph/infra';
import { createMemoryTokenSet } from './token-set.js';
import { withRedisFallbacks } from './token-set-fallback.js';

describe('withRedisFallbacks: Query.tokens while Redis cannot answer', () => {
  it('errors before Redis ever listed the tokens (an empty list would be a false answer), then serves the last list', async () => {
    const unreachable = new Redis('redis://127.0.0.1:9', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const availability = createRedisAvailability({ redis: unreachable, log: createLogger('test', 'silent') });
    const inner = createMemoryTokenSet();
    await inner.setTracked('SOLANA:a', true);
    let down = true;
    const tokens = withRedisFallbacks(
      { ...inner, listable: () => (down ? unreachable.smembers('x') : inner.listable()) },
      availability,
    );
    await expect(tokens.listable()).rejects.toMatchObject({ extensions: { code: 'SERVICE_BUSY', retryable: true } });
    // Redis answers once (a fresh availability: the first one is down until its probe succeeds).
    down = false;
    const fresh = createRedisAvailability({ redis: unreachable, log: createLogger('test', 'silent') });
    const up = withRedisFallbacks(
      { ...inner, listable: () => (down ? unreachable.smembers('x') : inner.listable()) },
      fresh,
    );
    expect(await up.listable()).toEqual(['SOLANA:a']);
    down = true;
    expect(await up.listable()).toEqual(['SOLANA:a']);
    availability.close();
    fresh.close();
    unreachable.disconnect();
  });
});
