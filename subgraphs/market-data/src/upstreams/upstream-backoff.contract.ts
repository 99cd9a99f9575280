/**
 * The contract of {@link UpstreamBackoffPort}, run against each implementation (in process, and Redis in
 * subgraphs/market-data/test). Clocks differ (Redis uses its own), so waits are checked within a margin.
 */
import { describe, expect, it } from '@jest/globals';
import type { UpstreamBackoffPort } from './upstream-backoff.js';

export function describeUpstreamBackoffContract(name: string, create: () => UpstreamBackoffPort): void {
  describe(`UpstreamBackoffPort contract: ${name}`, () => {
    it('is open at full rate for a budget that never saw a 429', async () => {
      expect(await create().state(`fresh-${Math.random()}`)).toEqual({ closedForMs: 0, factor: 1 });
    });

    it('closes for the penalty, never shortens a longer one, and halves the factor down to its floor', async () => {
      const backoff = create();
      const key = `budget-${Math.random()}`;
      expect(await backoff.penalize(key, 5_000)).toMatchObject({ factor: 0.5 });
      const shorter = await backoff.penalize(key, 1_000);
      expect(shorter.closedForMs).toBeGreaterThan(4_500);
      expect(shorter.factor).toBeCloseTo(0.25, 3);
      for (let i = 0; i < 10; i++) await backoff.penalize(key, 0);
      expect((await backoff.state(key)).factor).toBeCloseTo(0.1, 3);
    });

    it('keeps budgets apart', async () => {
      const backoff = create();
      const key = `budget-${Math.random()}`;
      await backoff.penalize(`${key}:a`, 5_000);
      expect(await backoff.state(`${key}:b`)).toEqual({ closedForMs: 0, factor: 1 });
    });

    it('opens again once the cool-down has passed', async () => {
      const backoff = create();
      const key = `budget-${Math.random()}`;
      await backoff.penalize(key, 50);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await backoff.state(key)).closedForMs).toBe(0);
    });
  });
}
