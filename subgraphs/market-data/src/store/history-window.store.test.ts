import { describe, expect, it } from '@jest/globals';
import type { HistoryWindow } from '@memegraph/contracts';
import { createMemoryCache, createTwoLevelCache } from '@memegraph/infra';
import { HistoryWindowStore } from './history-window.store.js';

const window = (from: string, volumeUsd: number): HistoryWindow => ({
  chain: 'SOLANA',
  address: 'WiFXExamp1ew5XN8uL5VLbvbSj4kn5E51tjmBB6kpump',
  from,
  volumeUsd,
  priceChangePct: 1,
});
const newer = window('2026-12-02T10:00:00.000Z', 200);
const older = window('2026-12-02T09:00:00.000Z', 100);
const key = `SOLANA:${newer.address}`;

const store = () =>
  new HistoryWindowStore(
    createTwoLevelCache({ l1: { ttlSeconds: 2, maxEntries: 100 }, l2: createMemoryCache(100), l2TtlSeconds: 60 }),
    60,
  );

describe('HistoryWindowStore', () => {
  it('serves the window it was given, without its start', async () => {
    const windows = store();
    await windows.putMany([older]);
    expect(await windows.getMany([key, 'SOLANA:unknown'])).toEqual([{ volumeUsd: 100, priceChangePct: 1 }, null]);
  });

  it('replaces a window with a newer one', async () => {
    const windows = store();
    await windows.putMany([older]);
    await windows.putMany([newer]);
    expect(await windows.getMany([key])).toEqual([{ volumeUsd: 200, priceChangePct: 1 }]);
  });

  it('keeps the newer window when an older one is redelivered late', async () => {
    const windows = store();
    await windows.putMany([newer]);
    await windows.putMany([older]);
    expect(await windows.getMany([key])).toEqual([{ volumeUsd: 200, priceChangePct: 1 }]);
  });
});
