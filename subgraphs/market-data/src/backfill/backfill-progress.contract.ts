/**
 * The contract of {@link BackfillProgressPort}, run against each implementation (in process, and Redis in
 * subgraphs/market-data/test).
 */
import { describe, expect, it } from '@jest/globals';
import type { BackfillProgressPort } from './backfill-progress.js';

export function describeBackfillProgressContract(name: string, create: () => BackfillProgressPort): void {
  describe(`BackfillProgressPort contract: ${name}`, () => {
    const token = (label: string) => `SOLANA:${label}-${Math.random().toString(36).slice(2)}`;

    it('knows nothing of a token before its first page', async () => {
      const progress = create();
      const fresh = token('fresh');
      expect(await progress.get(fresh)).toBeNull();
      expect(await progress.outcome(fresh)).toBeNull();
      expect(await progress.unfinished([fresh])).toEqual([fresh]);
    });

    it('keeps each series of a token, and the start of the first save only', async () => {
      const progress = create();
      const a = token('a');
      await progress.saveStep(a, 1_000, 'H1', { cursorMs: 500, done: false, failures: 0 });
      await progress.saveStep(a, 9_000, 'M15', { cursorMs: null, done: false, failures: 2 });
      await progress.saveStep(a, 9_000, 'H1', { cursorMs: 100, done: true, failures: 0 });
      expect(await progress.get(a)).toEqual({
        startedAtMs: 1_000,
        steps: {
          H1: { cursorMs: 100, done: true, failures: 0 },
          M15: { cursorMs: null, done: false, failures: 2 },
        },
      });
    });

    it('lists the unfinished tokens in the order given, and tells how each finished', async () => {
      const progress = create();
      const [a, b, c] = [token('a'), token('b'), token('c')];
      await progress.saveStep(b, 1_000, 'H1', { cursorMs: null, done: true, failures: 0 });
      await progress.finish(b, 'DONE');
      await progress.finish(c, 'UNKNOWN');
      expect(await progress.unfinished([c, a, b])).toEqual([a]);
      expect(await progress.outcome(b)).toBe('DONE');
      expect(await progress.outcome(c)).toBe('UNKNOWN');
      expect(await progress.unfinished([])).toEqual([]);
    });

    it('keeps tokens apart', async () => {
      const progress = create();
      const [a, b] = [token('a'), token('b')];
      await progress.saveStep(a, 1_000, 'D1', { cursorMs: 5, done: false, failures: 0 });
      await progress.finish(a, 'DONE');
      expect(await progress.get(b)).toBeNull();
      expect(await progress.unfinished([b])).toEqual([b]);
    });
  });
}
