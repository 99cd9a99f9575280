import { describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { marketRecord } from '../model/market-record.fixture.js';
import { rankTokens, type RankTokensArgs } from './rank-tokens.js';
import { createTokenRanking } from './token-ranking.js';

const token = (address: string, volume: number, liquidityUsd: number) =>
  marketRecord({ address, volumeUsd: { H24: volume }, liquidityUsd });

const records = [token('A1', 300, 10), token('B2', 100, 50), token('C3', 200, 30), token('D4', 100, 20)];
const byLiquidity: RankTokensArgs = { sort: { field: 'LIQUIDITY', direction: 'DESC' }, first: 2 };
const filtered: RankTokensArgs = { filter: { minLiquidityUsd: 20 }, first: 2 };

describe('createTokenRanking', () => {
  it('pages exactly as rankTokens for every sort, filter and cursor, reusing the kept order', () => {
    const ranking = createTokenRanking();
    for (const args of [{}, byLiquidity, filtered, { first: 1 }, byLiquidity, {}]) {
      const page = ranking.rank(records, args);
      expect(page).toEqual(rankTokens(records, args));
      const next = { ...args, after: page.pageInfo.endCursor };
      expect(ranking.rank(records, next)).toEqual(rankTokens(records, next));
    }
  });

  it('ranks a changed record by its new values (a newer record is a new object)', () => {
    const ranking = createTokenRanking();
    const list = [...records];
    expect(ranking.rank(list, { first: 1 }).edges[0]?.record.address).toBe('A1');
    list[1] = token('B2', 900, 50);
    const page = ranking.rank(list, { first: 1 });
    expect(page.edges[0]?.record).toBe(list[1]);
    expect(page).toEqual(rankTokens(list, { first: 1 }));
  });

  it('counts added and vanished records, even when the list keeps its length', () => {
    const ranking = createTokenRanking();
    expect(ranking.rank(records, filtered).totalCount).toBe(3);
    const added = [...records, token('E5', 50, 90)];
    expect(ranking.rank(added, filtered)).toEqual(rankTokens(added, filtered));
    const swapped = [records[0]!, records[1]!, records[2]!, token('F6', 1, 1)];
    expect(ranking.rank(swapped, filtered)).toEqual(rankTokens(swapped, filtered));
    expect(ranking.rank(swapped, filtered).totalCount).toBe(2);
    expect(ranking.rank([], filtered).totalCount).toBe(0);
  });

  it('forgets the oldest order beyond maxOrders and still answers it', () => {
    const ranking = createTokenRanking(1);
    for (const args of [{}, byLiquidity, {}, byLiquidity]) {
      expect(ranking.rank(records, args)).toEqual(rankTokens(records, args));
    }
  });

  it('ranks with outside D7 values without keeping them', () => {
    const ranking = createTokenRanking();
    const d7Sort: RankTokensArgs = { sort: { field: 'VOLUME', window: 'D7' }, first: 1 };
    const d7 = (address: string) => new Map([[`SOLANA:${address}`, { volumeUsd: 1, priceChangePct: null }]]);
    expect(ranking.rank(records, { ...d7Sort, d7: d7('C3') }).edges[0]?.record.address).toBe('C3');
    expect(ranking.rank(records, { ...d7Sort, d7: d7('D4') }).edges[0]?.record.address).toBe('D4');
  });

  it('rejects arguments as rankTokens does', () => {
    const ranking = createTokenRanking();
    const cursor = ranking.rank(records, { first: 1 }).pageInfo.endCursor;
    const codeOf = (args: RankTokensArgs) => {
      try {
        ranking.rank(records, args);
        return null;
      } catch (error) {
        return [(error as GraphQLError).extensions.code, (error as GraphQLError).extensions.argumentName];
      }
    };
    expect(codeOf({ first: 0 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(codeOf({ ...byLiquidity, after: cursor })).toEqual(['BAD_USER_INPUT', 'after']);
  });
});
