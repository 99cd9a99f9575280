import { describe, expect, it } from '@jest/globals';
import {
  MAX_STEP_FAILURES,
  NOT_STARTED,
  advanceStep,
  failStep,
  getBackfillSteps,
  getCandidates,
  getNextPage,
  toBackfilledCandles,
  type BackfillStep,
} from './backfill-plan.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 10, 12, 30);
const hourly: BackfillStep = { resolution: 'H1', timeframe: 'hour', aggregate: 1, spanMs: 8 * DAY };
const candle = (t: number) => ({ t, open: 1, high: 2, low: 0.5, close: 1.5, volumeUsd: 10 });

describe('getBackfillSteps', () => {
  it('runs hourly first (a day past the window), then finer back `days`, minutes, then coarse', () => {
    expect(getBackfillSteps({ days: 7, minuteHours: 24, coarseDays: 365 })).toEqual([
      { resolution: 'H1', timeframe: 'hour', aggregate: 1, spanMs: 8 * DAY },
      { resolution: 'M15', timeframe: 'minute', aggregate: 15, spanMs: 7 * DAY },
      { resolution: 'M5', timeframe: 'minute', aggregate: 5, spanMs: 7 * DAY },
      { resolution: 'M1', timeframe: 'minute', aggregate: 1, spanMs: 24 * HOUR },
      { resolution: 'H4', timeframe: 'hour', aggregate: 4, spanMs: 365 * DAY },
      { resolution: 'D1', timeframe: 'day', aggregate: 1, spanMs: 365 * DAY },
    ]);
  });

  it('leaves out series without a span', () => {
    const steps = getBackfillSteps({ days: 7, minuteHours: 0, coarseDays: 0 });
    expect(steps.map((s) => s.resolution)).toEqual(['H1', 'M15', 'M5']);
  });
});

describe('getNextPage', () => {
  it.each([
    ['the first page asks for the newest, enough to reach the target', NOT_STARTED, { beforeMs: null, limit: 193 }],
    [
      'a later page asks before the cursor, for what is left',
      { cursorMs: START - 5 * DAY, done: false, failures: 0 },
      { beforeMs: START - 5 * DAY, limit: 73 },
    ],
    ['a done series has no next page', { cursorMs: START - 9 * DAY, done: true, failures: 0 }, null],
  ])('%s', (_name, progress, page) => {
    expect(getNextPage(hourly, progress, START)).toEqual(page);
  });

  it('asks for at most 1000 rows', () => {
    const minutes: BackfillStep = { resolution: 'M1', timeframe: 'minute', aggregate: 1, spanMs: DAY };
    expect(getNextPage(minutes, NOT_STARTED, START)).toEqual({ beforeMs: null, limit: 1000 });
  });
});

describe('advanceStep', () => {
  const target = START - 8 * DAY;
  it.each([
    [
      'moves the cursor to the oldest candle',
      NOT_STARTED,
      [START - 3 * DAY, START - HOUR],
      { cursorMs: START - 3 * DAY, done: false },
    ],
    [
      'is done once the target is reached',
      NOT_STARTED,
      [target - HOUR, START],
      { cursorMs: target - HOUR, done: true },
    ],
    [
      'is done on an empty page (history exhausted)',
      { cursorMs: START - DAY, done: false, failures: 0 },
      [],
      { cursorMs: START - DAY, done: true },
    ],
    [
      'is done when a page brings nothing older than the cursor',
      { cursorMs: START - DAY, done: false, failures: 0 },
      [START - DAY, START - 1000],
      { cursorMs: START - DAY, done: true },
    ],
    [
      'resets failures after a page',
      { cursorMs: null, done: false, failures: 2 },
      [START - DAY],
      { cursorMs: START - DAY, done: false },
    ],
  ])('%s', (_name, progress, times, expected) => {
    expect(advanceStep(hourly, progress, START, times.map(candle))).toEqual({ ...expected, failures: 0 });
  });
});

describe('failStep', () => {
  it(`gives a series up after ${MAX_STEP_FAILURES} failures in a row`, () => {
    let progress = NOT_STARTED;
    const seen: boolean[] = [];
    for (let i = 0; i < MAX_STEP_FAILURES; i++) seen.push((progress = failStep(progress)).done);
    expect(seen).toEqual([false, false, true]);
  });
});

describe('toBackfilledCandles', () => {
  it('marks each candle with its token, resolution and source, the bucket start as ISO time', () => {
    expect(toBackfilledCandles('SOLANA', 'Mint1', 'H1', [candle(START - 30 * 60_000)])).toEqual([
      {
        chain: 'SOLANA',
        address: 'Mint1',
        resolution: 'H1',
        t: '2026-01-10T12:00:00.000Z',
        open: 1,
        high: 2,
        low: 0.5,
        close: 1.5,
        volumeUsd: 10,
        source: 'GECKOTERMINAL',
      },
    ]);
  });
});

describe('getCandidates', () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
  it.each([
    ['all of a short list', keys(3), 0, ['k0', 'k1', 'k2'], 0],
    ['the recent ones, then the rest from the rotation', keys(8), 0, ['k0', 'k1', 'k2', 'k3'], 2],
    ['the rest in turn', keys(8), 2, ['k0', 'k1', 'k4', 'k5'], 4],
    ['wrapping round the rest', keys(8), 5, ['k0', 'k1', 'k7', 'k2'], 1],
    ['nothing of nothing', [], 7, [], 0],
  ])('%s', (_name, unfinished, rotation, candidates, next) => {
    expect(getCandidates(unfinished, rotation, 2, 2)).toEqual({ candidates, next });
  });
});
