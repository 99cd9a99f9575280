import type { Logger, RedisAvailability, RedisData } from '@memegraph/infra';

/** Open WebSockets of this instance and of every live instance sharing the Redis. */
export interface ConnectionRegistry {
  /** Records this instance's current count (written at once, then on every heartbeat). */
  update(count: number): void;
  /**
   * Sum over the instances whose heartbeat has not expired; dead instances' fields are removed. Undefined
   * while Redis cannot answer.
   */
  global(): Promise<number | undefined>;
  /** Removes this instance's count (a graceful stop does not wait for the expiry). */
  close(): Promise<void>;
}

/** Options of {@link createConnectionRegistry}. */
export interface ConnectionRegistryOptions {
  /** One Redis server (the gateway takes no cluster nodes): the scripts touch keys of several slots. */
  redis: RedisData['connection'];
  /** While Redis cannot answer, heartbeats are skipped and the global count is unknown, without a log line each. */
  availability: RedisAvailability;
  keyPrefix: string;
  instanceId: string;
  /** How often the count and the liveness key are written. */
  heartbeatMs: number;
  /** Lifetime of the liveness key: an instance that stopped heartbeating this long no longer counts. */
  ttlMs: number;
  log: Logger;
}

// KEYS: hash, liveness key. ARGV: instance id, count, ttl ms.
const HEARTBEAT = `redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
return 1`;
// KEYS: hash. ARGV: liveness key prefix. Fields of instances whose liveness key expired are dropped.
const TOTAL = `local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  if redis.call('EXISTS', ARGV[1] .. fields[i]) == 1 then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
return total`;

/**
 * Keeps this instance's connection count in the hash `${keyPrefix}gateway:connections` (one field per
 * instance) next to a liveness key `${keyPrefix}gateway:alive:${instanceId}` with a TTL that every
 * heartbeat renews. A crashed instance stops renewing, so its count leaves the global sum once the TTL
 * runs out, without anyone having to notice the crash.
 */
export function createConnectionRegistry(options: ConnectionRegistryOptions): ConnectionRegistry {
  const { redis, availability, keyPrefix, instanceId, log } = options;
  const hashKey = `${keyPrefix}gateway:connections`;
  const alivePrefix = `${keyPrefix}gateway:alive:`;
  let count = 0;
  let writeQueued = false;
  let closed = false;

  const write = async (): Promise<void> => {
    writeQueued = false;
    if (closed) return;
    await availability.run(
      'ws-connections',
      () => redis.eval(HEARTBEAT, 2, hashKey, `${alivePrefix}${instanceId}`, instanceId, count, options.ttlMs),
      () => undefined,
    );
  };
  const heartbeat = setInterval(() => void write(), options.heartbeatMs);
  heartbeat.unref();
  void write();

  return {
    update(next) {
      count = next;
      // Connections come and go in bursts: one write per tick, of the latest count.
      if (writeQueued) return;
      writeQueued = true;
      setImmediate(() => void write());
    },
    global: () =>
      availability.run(
        'ws-connections',
        async () => Number(await redis.eval(TOTAL, 1, hashKey, alivePrefix)),
        () => undefined,
      ),
    async close() {
      closed = true;
      clearInterval(heartbeat);
      await redis
        .multi()
        .hdel(hashKey, instanceId)
        .del(`${alivePrefix}${instanceId}`)
        .exec()
        .catch((error: unknown) => log.warn({ err: error }, 'could not remove the WebSocket connection count'));
    },
  };
}
