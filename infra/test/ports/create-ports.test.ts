import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { createLogger } from '../../src/logging/create-logger.js';
import type { StreamMessage } from '../../src/streams/durable-stream.port.js';
import { createPorts, type PortName, type PortsConfig, type Ports } from '../../src/ports/create-ports.js';

const events = {
  topics: { 'thing.happened': z.object({ n: z.number() }) },
  streams: { things: z.object({ n: z.number() }) },
};
type TestPorts<K extends PortName> = Ports<K, typeof events.topics, typeof events.streams>;

const log = createLogger('test', 'silent');
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Config of a run of its own (unique prefix): Redis, or in-memory without REDIS_URL. */
const configFor = (redis: boolean): PortsConfig => ({
  ...(redis && { REDIS_URL: redisUrl }),
  REDIS_KEY_PREFIX: `test:ports:${randomUUID()}:`,
  REDIS_COMMAND_TIMEOUT_MS: 1_000,
});

/** Resolves with the first message published on `topic` after the subscription is in place. */
async function nextMessage(
  ports: TestPorts<'pubsub'>,
  topic: 'thing.happened',
): Promise<{ received: Promise<unknown> }> {
  let resolve: (payload: unknown) => void = () => undefined;
  const received = new Promise<unknown>((r) => (resolve = r));
  const unsubscribe = await ports.pubsub.subscribe(topic, resolve);
  return { received: received.finally(unsubscribe) };
}

/** Resolves with the first batch a new consumer group reads from `stream`. */
async function firstBatch(ports: TestPorts<'stream'>, stream: 'things'): Promise<StreamMessage[]> {
  let stop: () => Promise<void> = async () => undefined;
  const batch = await new Promise<StreamMessage[]>((resolve, reject) => {
    ports.stream
      .consume(stream, 'group', 'consumer', async (messages) => resolve(messages), { blockMs: 100 })
      .then((consumer) => (stop = () => consumer.stop()), reject);
  });
  await stop();
  return batch;
}

describe('createPorts', () => {
  it('builds only the ports asked for', async () => {
    const ports = createPorts(configFor(true), log, { use: ['pubsub'], name: 'test', ...events });
    expect(Object.keys(ports).sort()).toEqual(['close', 'pubsub']);
    await ports.close();
  });

  it('without Redis: in-memory ports that one process shares, and no data connection', async () => {
    const ports = createPorts(configFor(false), log, { use: ['pubsub', 'stream', 'redis'], name: 'test', ...events });
    expect(ports.redis).toBeUndefined();
    const { received } = await nextMessage(ports, 'thing.happened');
    await ports.pubsub.publish('thing.happened', { n: 1 });
    expect(await received).toEqual({ n: 1 });
    await ports.stream.append('things', { n: 2 });
    expect((await firstBatch(ports, 'things')).map((m) => m.payload)).toEqual([{ n: 2 }]);
    await ports.close();
  });

  it('with REDIS_URL: two processes reach each other through Redis pub/sub and streams', async () => {
    const config = configFor(true);
    const a = createPorts(config, log, { use: ['pubsub', 'stream'], name: 'test-a', ...events });
    const b = createPorts(config, log, { use: ['pubsub', 'stream'], name: 'test-b', ...events });
    try {
      const { received } = await nextMessage(b, 'thing.happened');
      await a.pubsub.publish('thing.happened', { n: 1 });
      expect(await received).toEqual({ n: 1 });
      await a.stream.append('things', { n: 2 });
      expect((await firstBatch(b, 'things')).map((m) => m.payload)).toEqual([{ n: 2 }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('with REDIS_URL: a named data connection with its availability, which close ends', async () => {
    const ports = createPorts(configFor(true), log, { use: ['redis'], name: 'test-data', ...events });
    const redis = ports.redis;
    if (!redis) throw new Error('expected a data connection on REDIS_URL');
    expect(await redis.connection.call('CLIENT', 'GETNAME')).toBe('test-data');
    expect(redis.availability.available).toBe(true);
    const ended = new Promise((resolve) => redis.connection.once('end', resolve));
    await ports.close();
    await ended;
    expect(redis.connection.status).toBe('end');
  });
});
