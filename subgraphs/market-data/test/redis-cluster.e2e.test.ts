/**
 * market-data on a real 3-master Redis Cluster (cache, rate limits, leases, token sets), with streams and
 * pub/sub on the standalone Redis: records are written and read across slots on every master.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Cluster } from 'ioredis';
import { Stream, streams, type Streams } from '@memegraph/contracts';
import { createLogger, createRedisDurableStream, type DurableStreamPort } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketData, type MarketDataService } from '@memegraph/market-data';
import { marketDataTestEnv, startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { startRedisCluster, type RedisClusterHarness } from '../../../test/harness/redis-cluster.js';
import { testEnv } from '../../../test/harness/test-database.js';

const TOKENS = [
  'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4',
  'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
  'PEPSExamp1e1MJgpjKdMjehMxJ5kyuL967cYy33Fpump',
  'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump',
  'BooSTExamp1eXyGw4i4cSsXt6B9DynK49sV2uzMnpump',
];
const log = createLogger('test', 'silent');
let cluster: RedisClusterHarness;
let fake: FakeUpstream;
let stream: DurableStreamPort<Streams>;
let service: MarketDataService;
let prefix: string;

beforeAll(async () => {
  prefix = `test:${randomBytes(4).toString('hex')}:`;
  [cluster, fake] = await Promise.all([startRedisCluster(), startFakeUpstream()]);
  stream = createRedisDurableStream({ events: streams, url: testEnv('TEST_REDIS_URL'), log, keyPrefix: prefix });
  service = await startMarketData(
    loadMarketDataConfig({
      LOG_LEVEL: 'silent',
      ...marketDataTestEnv(fake),
      REDIS_URL: testEnv('TEST_REDIS_URL'),
      REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(','),
      REDIS_KEY_PREFIX: prefix,
      DISCOVERY_INTERVAL_MS: '600000',
      // No tokens subgraph here: the test tracks through the stream alone.
      TRACKING_RECONCILE_INTERVAL_MS: '0',
    }),
    log,
  );
  for (const address of TOKENS)
    await stream.append(Stream.TOKENS_TRACKING, { chain: 'SOLANA', address, tracked: true });
}, 60_000);

afterAll(async () => {
  await service?.close();
  await stream?.close();
  await fake?.close();
  await cluster?.close();
});

describe('market-data on a Redis Cluster', () => {
  it('keeps records for tokens hashed to different masters and serves them in one batch', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Token { address market { priceUsd } } } }`;
    const representations = TOKENS.map((address) => ({ __typename: 'Token', chain: 'SOLANA', address }));
    await waitFor(
      async () => {
        const result = await postGraphql(service.url, query, { r: representations });
        return (
          (result.body.data?._entities as Array<{ market: unknown }> | undefined)?.every((e) => e.market !== null) ??
          false
        );
      },
      20_000,
      'every token merged',
    );
    const client = new Cluster(cluster.nodes);
    try {
      await client.ping(); // the node list is known once the client has loaded the slot map
      const mastersWithRecords = await Promise.all(
        client.nodes('master').map(async (node) => (await node.keys(`${prefix}md:rec:*`)).length),
      );
      // The tracked tokens, plus whatever discovery found at start.
      expect(mastersWithRecords.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TOKENS.length);
      expect(mastersWithRecords.filter((n) => n > 0).length).toBeGreaterThan(1);
    } finally {
      await client.quit();
    }
  });
});
