/**
 * Backfilled candles (`history.candles`, issue #16) in the tokens subgraph, on real Postgres and Redis: stored
 * marked with their source, idempotently; our own snapshots win a slot both have, whichever comes first; a
 * roll-up of our own combines the backfilled minutes before our first snapshot with ours; malformed candles
 * are rejected (dead-lettered, counted, logged), never stored; the 7-day window is handed over after a write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Stream, streams, type HistoryWindow, type StreamInput, type Streams } from '@memegraph/contracts';
import {
  createLogger,
  createMemoryPubSub,
  createRedisDurableStream,
  type DurableStreamPort,
  type EventMap,
} from '@memegraph/infra';
import { topics } from '@memegraph/contracts';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { waitFor } from '../../../test/harness/graphql-http.js';
import { createTestDatabase, testEnv, type TestDatabase } from '../../../test/harness/test-database.js';
import { fakeSolanaAddress } from '../../../test/harness/token-fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const log = createLogger('history-backfill-test', 'silent');
const runPrefix = `test:backfill:${randomUUID()}:`;
const token = (n: number) => fakeSolanaAddress(n, 'Bkfx');
/** A whole hour, a few hours ago (so no candle of it is still open). */
const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;

let db: TestDatabase;
let sql: pg.Client;
let service: TokensService;
let producer: DurableStreamPort<Streams>;
const opened: DurableStreamPort<Streams>[] = [];
const windows: HistoryWindow[] = [];

type Candle = Extract<StreamInput<'history.candles'>, { resolution: string }>;
const candle = (address: string, resolution: Candle['resolution'], t: number, close: number): Candle => ({
  chain: 'SOLANA',
  address,
  resolution,
  t: new Date(t).toISOString(),
  open: close,
  high: close * 1.1,
  low: close * 0.9,
  close,
  volumeUsd: 1000,
  source: 'GECKOTERMINAL',
});

function openStream(): DurableStreamPort<Streams> {
  const port = createRedisDurableStream({
    events: streams,
    url: testEnv('TEST_REDIS_URL'),
    log,
    keyPrefix: `${runPrefix}main:`,
  });
  opened.push(port);
  return port;
}

/** Appends candle messages and waits until the service handled (or rejected) them all. */
async function backfill(messages: unknown[]): Promise<void> {
  const stats = service.ingestion.stats;
  const seen = () => stats.handled[Stream.HISTORY_CANDLES]! + stats.rejected[Stream.HISTORY_CANDLES]!;
  const target = seen() + messages.length;
  for (const message of messages)
    await (producer as unknown as DurableStreamPort<EventMap>).append(Stream.HISTORY_CANDLES, message);
  await waitFor(() => seen() >= target, 10_000, 'backfilled candles to be handled');
}

async function snapshots(address: string, points: Array<[at: number, price: number]>): Promise<void> {
  const target = service.ingestion.stats.snapshots + points.length;
  await producer.append(
    Stream.MARKET_SNAPSHOTS,
    points.map(([at, priceUsd]) => ({ chain: 'SOLANA', address, priceUsd, at: new Date(at).toISOString() })),
  );
  await waitFor(() => service.ingestion.stats.snapshots >= target, 10_000, 'snapshots to be recorded');
}

/** Stored rows of a token at one resolution: start, close and source, oldest first. */
async function rows(address: string, resolution: string) {
  const { rows: found } = await sql.query(
    `SELECT t, close, source, samples FROM price_candles WHERE chain = 'SOLANA' AND address = $1 AND resolution = $2 ORDER BY t`,
    [address, resolution],
  );
  return found.map((r) => ({ t: (r.t as Date).getTime(), close: r.close as number, source: r.source as string }));
}

/** Each stored row's version (its physical position and creating transaction), oldest first. */
async function rowVersions(address: string, resolution: string): Promise<string[]> {
  const { rows: found } = await sql.query(
    `SELECT ctid::text || '/' || xmin::text AS version FROM price_candles
     WHERE chain = 'SOLANA' AND address = $1 AND resolution = $2 ORDER BY t`,
    [address, resolution],
  );
  return found.map((r) => r.version as string);
}

beforeAll(async () => {
  db = await createTestDatabase(testEnv('TEST_DATABASE_URL'), 'backfill');
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  producer = openStream();
  const watcher = openStream();
  await watcher.consume(Stream.HISTORY_WINDOWS, 'test-watcher', 'w', async (messages) => {
    for (const m of messages) windows.push(...m.payload.items);
  });
  service = await startTokens(
    loadTokensConfig({
      DATABASE_URL: db.url,
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: 'backfill-test-admin-key-0123456789',
      LOG_LEVEL: 'silent',
      STREAM_CONSUMER_NAME: 'tokens-under-test',
      STREAM_BLOCK_MS: '100',
      STREAM_RETRY_DELAY_MS: '50',
    }),
    log,
    { stream: openStream(), pubsub: createMemoryPubSub(topics, log), close: async () => undefined },
  );
});

afterAll(async () => {
  await service?.close();
  await Promise.all(opened.map((port) => port.close()));
  await sql?.end();
  await db?.drop();
  const redis = new Redis(testEnv('TEST_REDIS_URL'), { maxRetriesPerRequest: 1 });
  const keys = await redis.keys(`${runPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('backfilled candles in the store', () => {
  it('stores them marked GECKOTERMINAL, and a redelivery changes nothing', async () => {
    const address = token(1);
    const page = [0, 1, 2].map((i) => candle(address, 'H1', T0 - i * HOUR, 2 + i));
    await backfill([page]);
    const first = await rows(address, 'H1');
    expect(first).toEqual([2, 1, 0].map((i) => ({ t: T0 - i * HOUR, close: 2 + i, source: 'GECKOTERMINAL' })));
    const versions = await rowVersions(address, 'H1');
    await backfill([page]);
    expect(await rows(address, 'H1')).toEqual(first);
    // Not even rewritten: the same row versions (no WAL, no dead tuples, nothing for replicas to apply).
    expect(await rowVersions(address, 'H1')).toEqual(versions);
    // A changed candle is written: only its row gets a new version.
    await backfill([[candle(address, 'H1', T0, 9)]]);
    expect((await rows(address, 'H1')).map((r) => r.close)).toEqual([4, 3, 9]);
    const after = await rowVersions(address, 'H1');
    expect(after.slice(0, 2)).toEqual(versions.slice(0, 2));
    expect(after[2]).not.toEqual(versions[2]);
  });

  it('our own snapshots win a slot both have, whichever arrives first', async () => {
    const address = token(2);
    // Backfill first, then our snapshot in the same minute: ours replaces it whole.
    await backfill([[candle(address, 'M1', T0, 5)]]);
    await snapshots(address, [[T0 + 20_000, 4]]);
    // Our snapshot first, then the backfill of that minute (and of the minute before, which we lack).
    await snapshots(address, [[T0 + 2 * MIN + 30_000, 6]]);
    await backfill([[candle(address, 'M1', T0 + MIN, 7), candle(address, 'M1', T0 + 2 * MIN, 8)]]);
    expect(await rows(address, 'M1')).toEqual([
      { t: T0, close: 4, source: 'SNAPSHOTS' },
      { t: T0 + MIN, close: 7, source: 'GECKOTERMINAL' },
      { t: T0 + 2 * MIN, close: 6, source: 'SNAPSHOTS' },
    ]);
  });

  it('rolls our own candles up over the backfilled minutes before our first snapshot', async () => {
    const address = token(3);
    const hour = T0 - HOUR;
    // The upstream's hour, quarter and its first 5-minute candles; then our first snapshot at :10.
    await backfill([
      [
        candle(address, 'H1', hour, 9),
        candle(address, 'M15', hour, 9),
        candle(address, 'M5', hour, 3),
        candle(address, 'M5', hour + 5 * MIN, 4),
      ],
    ]);
    await snapshots(address, [[hour + 10 * MIN, 10]]);
    const [h1] = await rows(address, 'H1');
    // The hour is ours now, rolled up through the finer rows: the backfilled 5 minutes' open and our close.
    expect(h1).toEqual({ t: hour, close: 10, source: 'SNAPSHOTS' });
    const { rows: opens } = await sql.query(`SELECT open FROM price_candles WHERE address = $1 AND resolution = 'H1'`, [
      address,
    ]);
    expect(opens[0].open).toBe(3);
  });

  it('hands over a 7-day window from backfilled hourly candles: null before they span 7 days, then a value', async () => {
    const address = token(4);
    await backfill([[0, 1, 2].map((i) => candle(address, 'H1', T0 - i * HOUR, 2))]);
    await waitFor(() => windows.some((w) => w.address === address), 10_000, 'a window for the token');
    expect(windows.find((w) => w.address === address)).toMatchObject({ priceChangePct: null, volumeUsd: null });
    const week = Array.from({ length: 8 * 24 }, (_, i) =>
      candle(address, 'H1', T0 - i * HOUR, i === 8 * 24 - 1 ? 1 : 2),
    );
    await backfill([week.slice(0, 100), week.slice(100)]);
    await waitFor(
      () => windows.some((w) => w.address === address && w.priceChangePct !== null),
      10_000,
      'a window with a value',
    );
    expect(windows.filter((w) => w.address === address).at(-1)!.priceChangePct).toBeCloseTo(0, 9);
    const { rows: d7 } = await sql.query(`SELECT count(*)::int AS n FROM price_candles WHERE address = $1`, [address]);
    expect(d7[0].n).toBe(8 * 24);
  });

  it.each([
    ['low above the close', { low: 3 }],
    ['a negative price', { open: -1 }],
    ['an unknown source', { source: 'BIRDEYE' }],
    ['no time', { t: 'yesterday' }],
  ])(
    'rejects a candle with %s (dead-lettered, counted), storing the valid ones of its message',
    async (_name, change) => {
      const address = token(5);
      const rejected = service.ingestion.stats.rejected[Stream.HISTORY_CANDLES]!;
      const t = Math.floor(T0 / DAY) * DAY - 30 * DAY;
      await backfill([[{ ...candle(address, 'D1', t, 2), ...change }, candle(address, 'H4', t, 2)]]);
      expect(service.ingestion.stats.rejected[Stream.HISTORY_CANDLES]).toBe(rejected + 1);
      expect((await rows(address, 'D1')).filter((r) => r.t === t)).toEqual([]);
      expect(await rows(address, 'H4')).toEqual([{ t, close: 2, source: 'GECKOTERMINAL' }]);
    },
  );

  it('refuses a candle whose start does not fit its resolution', async () => {
    const address = token(6);
    await backfill([[candle(address, 'H1', T0 + MIN, 2)]]);
    expect(await rows(address, 'H1')).toEqual([]);
  });
});
