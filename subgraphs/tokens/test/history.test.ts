/**
 * Price history end to end: market-data's durable streams (real Redis) → candles in a fresh database of
 * the local Postgres → the `candles` and `history7d` fields over real HTTP.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Stream, Topic, streams, topics, type HistoryWindow, type Streams, type Topics } from '@memegraph/contracts';
import {
  createLogger,
  createMemoryPubSub,
  createRedisDurableStream,
  type DeadLetter,
  type DurableStreamPort,
  type EventMap,
  type PubSubPort,
} from '@memegraph/infra';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import type { Resolution } from '../src/generated/resolvers.js';
import {
  RESOLUTIONS,
  getBucketStart,
  getMinuteCandles,
  rollUp,
  type CandleValue,
} from '../src/history/candle-rollup.js';
import { HistoryRepository } from '../src/history/history.repository.js';
import { startSnapshotConsumer } from '../src/history/snapshot-consumer.js';
import { postGraphql, waitFor } from '../../../test/harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress } from '../../../test/harness/token-fixtures.js';

const ADMIN_KEY = 'history-test-admin-key-0123456789';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const log = createLogger('history-test', 'silent');
const runPrefix = `test:history:${randomUUID()}:`;
const fast = { batchSize: 50, blockMs: 100, retryDelayMs: 50, claimIdleMs: 60_000 };
const token = (n: number) => fakeSolanaAddress(n, 'Hist');

let db: TestDatabase;
let sql: pg.Client;
let service: TokensService;
let producer: DurableStreamPort<Streams>;
let pubsub: PubSubPort<Topics>;
const opened: DurableStreamPort<Streams>[] = [];
const announced: unknown[] = [];

/** A durable-stream "process" on `prefix` (the service's world by default), closed in afterAll. */
function openStream(prefix = `${runPrefix}main:`): DurableStreamPort<Streams> {
  const port = createRedisDurableStream({ events: streams, url: testEnv('TEST_REDIS_URL'), log, keyPrefix: prefix });
  opened.push(port);
  return port;
}

interface Snapshot {
  chain: 'SOLANA';
  address: string;
  priceUsd: number;
  volumeUsdM5: number | null;
  at: string;
}
const snap = (address: string, at: number, priceUsd: number, volumeUsdM5: number | null = null): Snapshot => ({
  chain: 'SOLANA',
  address,
  priceUsd,
  volumeUsdM5,
  at: new Date(at).toISOString(),
});
const discovered = (address: string, name: string, discoveredAt = '2026-01-02T03:04:05.000Z') => ({
  chain: 'SOLANA',
  address,
  name,
  symbol: name.slice(0, 4).toUpperCase(),
  decimals: 6,
  imageUrl: 'https://example.com/logo.png',
  links: [
    { kind: 'Website', url: 'https://example.com' },
    { kind: 'x', url: 'not a url' },
  ],
  discoveredAt,
});

/** A candle reduced to what the tests compare. */
const view = (c: Pick<CandleValue, 't' | 'open' | 'high' | 'low' | 'close' | 'volumeUsd' | 'samples'>) => ({
  t: new Date(c.t).toISOString(),
  ohlc: [c.open, c.high, c.low, c.close],
  v: c.volumeUsd,
  n: c.samples,
});

/** What every resolution must hold for these snapshots: the pure roll-up is the specification. */
function expectedCandles(snapshots: Snapshot[]): Record<Resolution, ReturnType<typeof view>[]> {
  const minutes = getMinuteCandles(
    snapshots.map((s) => ({ at: Date.parse(s.at), priceUsd: s.priceUsd, volumeUsdM5: s.volumeUsdM5 })),
  );
  return Object.fromEntries(
    RESOLUTIONS.map((r) => [r, (r === 'M1' ? minutes : rollUp(minutes, r)).map(view)]),
  ) as Record<Resolution, ReturnType<typeof view>[]>;
}

/** Every stored candle of a token, by resolution, oldest first. */
async function storedCandles(address: string): Promise<Record<Resolution, ReturnType<typeof view>[]>> {
  const { rows } = await sql.query(
    `SELECT resolution, t, open, high, low, close, volume_usd, samples FROM price_candles
     WHERE chain = 'SOLANA' AND address = $1 ORDER BY t`,
    [address],
  );
  const out = Object.fromEntries(RESOLUTIONS.map((r) => [r, [] as ReturnType<typeof view>[]]));
  for (const row of rows) out[row.resolution]!.push(view({ ...row, t: row.t.getTime(), volumeUsd: row.volume_usd }));
  return out as Record<Resolution, ReturnType<typeof view>[]>;
}

const gql = (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  postGraphql(service.url, query, variables, headers);

/** Appends on the service's streams and waits until the service has recorded `count` more snapshots. */
async function ingestSnapshots(messages: Array<Snapshot | Snapshot[]>): Promise<void> {
  const target = service.ingestion!.stats.snapshots + messages.flat().length;
  for (const message of messages) await producer.append(Stream.MARKET_SNAPSHOTS, message);
  await waitFor(() => service.ingestion!.stats.snapshots >= target, 10_000, 'snapshots to be recorded');
}

/** A port without the type check: these tests append what market-data never would. */
const unchecked = (port: DurableStreamPort<Streams>) => port as unknown as DurableStreamPort<EventMap>;

async function discover(payloads: unknown[]): Promise<void> {
  const stats = service.ingestion!.stats;
  const target = stats.handled[Stream.TOKENS_DISCOVERED]! + stats.rejected[Stream.TOKENS_DISCOVERED]! + payloads.length;
  for (const payload of payloads) await unchecked(producer).append(Stream.TOKENS_DISCOVERED, payload);
  await waitFor(
    () => stats.handled[Stream.TOKENS_DISCOVERED]! + stats.rejected[Stream.TOKENS_DISCOVERED]! >= target,
    10_000,
    'discovered tokens to be handled',
  );
}

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'history');
  sql = new pg.Client({ connectionString: db.url });
  producer = openStream();
  pubsub = createMemoryPubSub(topics, log);
  await pubsub.subscribe(Topic.TOKEN_DISCOVERED, (payload) => announced.push(payload));
  service = await startTokens(
    loadTokensConfig({
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      STREAM_CONSUMER_NAME: 'tokens-under-test',
      STREAM_BLOCK_MS: '100',
      STREAM_RETRY_DELAY_MS: '50',
    }),
    log,
    // The test opened these ports, so it closes them (afterAll), not the service.
    { stream: openStream(), pubsub, close: async () => undefined },
  );
  await sql.connect();
  await discover([1, 2, 3].map((n) => discovered(token(n), `History token ${n}`)));
});

afterAll(async () => {
  await service?.close();
  await Promise.all(opened.map((port) => port.close()));
  await pubsub?.close();
  await sql?.end();
  await db?.drop();
  const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${runPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

// Yesterday (UTC), so that every candle lies in the past and within one D1 bucket.
const day = getBucketStart('D1', Date.now()) - DAY;
const dayOne = [
  snap(token(1), day + 10_000, 1, 100),
  snap(token(1), day + 50_000, 3),
  snap(token(1), day + 30_000, 0.5, 50),
  snap(token(1), day + 3 * MIN, 2, 500),
  snap(token(1), day + 7 * MIN, 4, 25),
  snap(token(1), day + HOUR + 15 * MIN, 6, 1000),
  snap(token(1), day + 4 * HOUR + 5_000, 5),
  snap(token(1), day + DAY - 1_000, 7, 5),
];

describe('snapshots → candles', () => {
  it('rolls snapshots arriving out of order into candles at every resolution', async () => {
    // The first sample of the first minute arrives last, alone; the last one of the day arrives first.
    await ingestSnapshots([
      [dayOne[7]!, dayOne[5]!, dayOne[2]!],
      dayOne[3]!,
      [dayOne[6]!, dayOne[4]!, dayOne[1]!],
      dayOne[0]!,
    ]);
    const stored = await storedCandles(token(1));
    expect(stored).toEqual(expectedCandles(dayOne));
    expect(stored.M1[0]).toEqual({ t: new Date(day).toISOString(), ohlc: [1, 3, 0.5, 3], v: 20, n: 3 });
    expect(stored.D1).toEqual([
      { t: new Date(day).toISOString(), ohlc: [1, 7, 0.5, 7], v: 20 + 100 + 5 + 200 + 1, n: 8 },
    ]);
  });

  it('changes nothing but the sample counts when a snapshot is delivered again', async () => {
    const before = await storedCandles(token(1));
    await ingestSnapshots([dayOne[3]!]);
    const after = await storedCandles(token(1));
    const withoutCounts = (c: Record<string, ReturnType<typeof view>[]>) =>
      Object.values(c).map((list) => list.map(({ n: _n, ...rest }) => rest));
    expect(withoutCounts(after)).toEqual(withoutCounts(before));
    expect(after.M1.find((c) => c.t === new Date(day + 3 * MIN).toISOString())?.n).toBe(2);
  });
});

describe('Token.candles over HTTP', () => {
  const CANDLES = `query($a: String!, $r: Resolution!, $from: DateTime, $to: DateTime, $limit: Int) {
    token(chain: SOLANA, address: $a) { candles(resolution: $r, from: $from, to: $to, limit: $limit) { t open high low close volumeUsd } }
  }`;
  const times = async (variables: Record<string, unknown>) => {
    const result = await gql(CANDLES, { a: token(1), ...variables });
    expect(result.body.errors).toBeUndefined();
    return (result.body.data?.token.candles as Array<{ t: string }>).map((c) => c.t);
  };
  const at = (ms: number) => new Date(ms).toISOString();

  it('returns the most recent `limit` candles, oldest first', async () => {
    expect(await times({ r: 'M1', limit: 3 })).toEqual([
      at(day + HOUR + 15 * MIN),
      at(day + 4 * HOUR),
      at(day + DAY - MIN),
    ]);
    const [first] = (await gql(CANDLES, { a: token(1), r: 'D1' })).body.data?.token.candles;
    expect(first).toEqual({ t: at(day), open: 1, high: 7, low: 0.5, close: 7, volumeUsd: 326 });
  });

  it('keeps to [from, to] (both inclusive), the most recent within it', async () => {
    expect(await times({ r: 'M1', from: at(day), to: at(day + 7 * MIN), limit: 2 })).toEqual([
      at(day + 3 * MIN),
      at(day + 7 * MIN),
    ]);
    expect(await times({ r: 'M5', from: at(day), to: at(day + 5 * MIN) })).toEqual([at(day), at(day + 5 * MIN)]);
    expect(await times({ r: 'H1', to: at(day - 1) })).toEqual([]);
  });

  it('refuses from after to, and a limit over 1000', async () => {
    const reversed = await gql(CANDLES, { a: token(1), r: 'M1', from: at(day + 1), to: at(day) });
    expect(reversed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    const tooMany = await gql(CANDLES, { a: token(1), r: 'M1', limit: 1001 });
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'limit' });
  });
});

describe('Token.history7d', () => {
  const HISTORY = `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { history7d { from volumeUsd priceChangePct } } }`;

  it('is null while the history is shorter than 7 days, and real from stored candles after', async () => {
    const now = Date.now();
    await ingestSnapshots([
      [snap(token(2), now - 2 * DAY, 3, 100), snap(token(2), now - HOUR, 4, 100)],
      [
        snap(token(3), now - 8 * DAY, 1, 500),
        snap(token(3), now - 3 * DAY, 1.2, 1000),
        snap(token(3), now - HOUR, 1.5, 250),
      ],
    ]);
    const result = await gql(HISTORY, { a: [token(2), token(3)] });
    expect(result.body.errors).toBeUndefined();
    const [young, old] = result.body.data?.tokensByAddress.map((t: any) => t.history7d);
    expect(young).toMatchObject({ volumeUsd: null, priceChangePct: null });
    // 7 days, not 24 hours times 7: the volume is what the hourly candles inside the window hold.
    expect(old.volumeUsd).toBe(1000 / 5 + 250 / 5);
    expect(old.priceChangePct).toBeCloseTo(50, 9);
    expect(Math.abs(Date.parse(old.from) - (now - 7 * DAY))).toBeLessThan(60_000);
  });

  it('hands the window of each recorded token to market-data (history.windows), computed like history7d', async () => {
    const handed: HistoryWindow[] = [];
    const consumer = await producer.consume(
      Stream.HISTORY_WINDOWS,
      'market-data-under-test',
      'c1',
      async (messages) => {
        for (const message of messages) handed.push(...message.payload.items);
      },
      fast,
    );
    try {
      const start = Date.now();
      await ingestSnapshots([[snap(token(3), start - 30 * MIN, 1.8, 100)]]);
      // The group reads from the oldest retained message: only a window computed after this ingestion counts.
      const isNew = (w: HistoryWindow) => w.address === token(3) && Date.parse(w.from) >= start - 7 * DAY;
      await waitFor(() => handed.some(isNew), 10_000, "token 3's window");
      const window = handed.find(isNew)!;
      // Read after the batch's write: the new snapshot's hour is in it (history7d's rule, computed at hand-over).
      expect(window).toMatchObject({ chain: 'SOLANA', volumeUsd: 1000 / 5 + 250 / 5 + 100 / 5 });
      expect(Math.abs(Date.parse(window.from) - (Date.now() - 7 * DAY))).toBeLessThan(60_000);
      // The newest close (1.8) after the one at the window's start (1.0).
      expect(window.priceChangePct).toBeCloseTo(80, 9);
    } finally {
      await consumer.stop();
    }
  });
});

describe('the durable path', () => {
  /** A consumer of its own world's streams (the service's consumer never sees them) on the same database. */
  const startConsumer = (stream: DurableStreamPort<Streams>) =>
    startSnapshotConsumer({
      stream,
      pubsub,
      history: new HistoryRepository(service.router),
      consumerName: 'worker-1',
      options: fast,
      log,
    });

  it('loses nothing across a consumer restart, and handles each snapshot once', async () => {
    const world = `${runPrefix}restart:`;
    const source = openStream(world);
    const all = Array.from({ length: 10 }, (_, i) => snap(token(4), day + i * 7 * MIN, 1 + i, 10 * i));
    const first = await startConsumer(openStream(world));
    for (const s of all.slice(0, 5)) await source.append(Stream.MARKET_SNAPSHOTS, s);
    await waitFor(() => first.stats.snapshots === 5, 10_000, 'the first five');
    await first.stop();
    for (const s of all.slice(5)) await source.append(Stream.MARKET_SNAPSHOTS, s); // while no consumer runs
    const second = await startConsumer(openStream(world));
    await waitFor(() => second.stats.snapshots === 5, 10_000, 'the five appended while stopped');
    await second.stop();
    expect(await storedCandles(token(4))).toEqual(expectedCandles(all));
  });

  it('redelivers a batch whose consumer crashed mid-write to its successor, exactly once', async () => {
    const world = `${runPrefix}crash:`;
    const source = openStream(world);
    const batch = [snap(token(5), day + MIN, 2, 50), snap(token(5), day, 1, 25), snap(token(5), day + 2 * HOUR, 3)];
    const crashing = openStream(world);
    await startConsumer(crashing);
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE price_candles IN EXCLUSIVE MODE'); // the write waits here
      await source.append(Stream.MARKET_SNAPSHOTS, batch);
      let blocked: number | undefined;
      await waitFor(
        async () => {
          const { rows } = await sql.query(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
               AND query LIKE 'INSERT INTO price_candles%'`,
          );
          blocked = rows[0]?.pid;
          return blocked !== undefined;
        },
        10_000,
        'the consumer to block on the lock',
      );
      // The process dies: its connections drop, and its transaction dies with it.
      await crashing.close();
      await sql.query('SELECT pg_cancel_backend($1)', [blocked]);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await storedCandles(token(5))).M1).toEqual([]);
    const successor = await startConsumer(openStream(world));
    await waitFor(() => successor.stats.snapshots === 3, 10_000, 'the redelivered batch');
    await successor.stop();
    expect(await storedCandles(token(5))).toEqual(expectedCandles(batch));
  });

  it('dead-letters and counts malformed messages without stopping, keeping the valid items of a partly bad one', async () => {
    const stats = service.ingestion!.stats;
    const [rejectedBefore, snapshotsBefore] = [stats.rejected[Stream.MARKET_SNAPSHOTS]!, stats.snapshots];
    const good = snap(token(6), day + HOUR, 9, 45);
    const bad: unknown[] = [
      'not a snapshot',
      { ...good, address: 'not-base58!' },
      [good, { ...good, priceUsd: -1 }],
      { ...good, chain: 'DOGECOIN' },
      { ...good, at: 'yesterday' },
    ];
    for (const payload of bad) await unchecked(producer).append(Stream.MARKET_SNAPSHOTS, payload);
    await producer.append(Stream.MARKET_SNAPSHOTS, good);
    await waitFor(
      () =>
        stats.rejected[Stream.MARKET_SNAPSHOTS]! >= rejectedBefore + bad.length &&
        stats.snapshots >= snapshotsBefore + 2,
      10_000,
      'the rejections and the two valid snapshots',
    );
    expect(stats.rejected[Stream.MARKET_SNAPSHOTS]).toBe(rejectedBefore + bad.length);
    expect((await storedCandles(token(6))).M1).toEqual([expect.objectContaining({ n: 2 })]);

    const letters: DeadLetter[] = [];
    await producer.consume(`${Stream.MARKET_SNAPSHOTS}.dead-letter`, 'inspect', 'inspector', async (messages) => {
      letters.push(...messages.map((m) => m.payload));
    });
    await waitFor(() => letters.length >= bad.length, 10_000, 'the dead letters');
    expect(letters.map((l) => l.payload)).toEqual(bad);
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(/^rejected: 0: /),
      'rejected: 0.address: not a valid SOLANA address',
      expect.stringMatching(/^rejected: 1\.priceUsd: /),
      expect.stringMatching(/^rejected: 0\.chain: /),
      expect.stringMatching(/^rejected: 0\.at: /),
    ]);
  });
});

describe('discovered tokens', () => {
  it('inserts a new token once, announces it once, and never overwrites stored metadata', async () => {
    const TRACK = `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Admin Name", symbol: "ADM" }) { tracked } }`;
    const tracked = await gql(TRACK, { a: token(7) }, { authorization: `Bearer ${ADMIN_KEY}` });
    expect(tracked.body.data?.trackToken).toEqual({ tracked: true });
    const fresh = { ...discovered(token(8), '  Fresh Token  ', '2026-01-05T06:07:08.000Z'), symbol: 'FRESH' };
    await discover([discovered(token(7), 'Upstream Name'), fresh, [fresh, discovered(token(8), 'Renamed')]]);

    const TOKENS = `query($a: [String!]!) { tokensByAddress(chain: SOLANA, addresses: $a) { name symbol tracked decimals imageUrl links { kind url } firstSeenAt } }`;
    const result = await gql(TOKENS, { a: [token(7), token(8)] });
    expect(result.body.data?.tokensByAddress).toEqual([
      expect.objectContaining({ name: 'Admin Name', symbol: 'ADM', tracked: true, imageUrl: null }),
      {
        name: 'Fresh Token',
        symbol: 'FRESH',
        tracked: false,
        decimals: 6,
        imageUrl: 'https://example.com/logo.png',
        links: [{ kind: 'website', url: 'https://example.com/' }],
        firstSeenAt: '2026-01-05T06:07:08.000Z',
      },
    ]);
    await waitFor(() => announced.some((a: any) => a.address === token(8)), 5_000, 'the announcement');
    expect(announced.filter((a: any) => [token(7), token(8)].includes(a.address))).toEqual([
      { chain: 'SOLANA', address: token(8) },
    ]);
  });

  it('dead-letters a discovered token without a usable name or address', async () => {
    const stats = service.ingestion!.stats;
    const before = stats.rejected[Stream.TOKENS_DISCOVERED]!;
    await discover([discovered(token(9), '   '), { ...discovered(token(9), 'X'), address: '0xnope' }]);
    expect(stats.rejected[Stream.TOKENS_DISCOVERED]).toBe(before + 2);
  });
});

describe('retention', () => {
  it('prunes each resolution past its retention and keeps the coarse history', async () => {
    const old = Date.now() - 40 * DAY;
    await ingestSnapshots([[snap(token(10), old, 1, 5), snap(token(10), old + 30 * MIN, 2, 5)]]);
    const history = new HistoryRepository(service.router);
    await history.pruneOlderThan({ M1: 30, M5: 30, M15: 30, H1: 0, H4: 0, D1: 0 });
    const stored = await storedCandles(token(10));
    expect([stored.M1, stored.M5, stored.M15].map((c) => c.length)).toEqual([0, 0, 0]);
    expect(stored.H1.length + stored.H4.length + stored.D1.length).toBeGreaterThanOrEqual(3);
    expect((await storedCandles(token(1))).M1).toHaveLength(6); // younger than 30 days: kept
  });
});
