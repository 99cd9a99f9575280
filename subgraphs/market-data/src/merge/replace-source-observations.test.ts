import { describe, expect, it } from '@jest/globals';
import type { ObservationBundle, PoolObservation, Source, TokenQuoteObservation } from '../model/market-model.js';
import { replaceSourceObservations } from './replace-source-observations.js';

const NOW = Date.parse('2025-06-15T12:00:00.000Z');
const MAX_AGE_MS = 60_000;
const secondsAgo = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

/** Only the fields the replacement reads: who said it and when. */
const pool = (source: Source, fetchedAt: string) => ({ source, fetchedAt }) as PoolObservation;
const quote = (source: Source, fetchedAt: string) => ({ source, fetchedAt }) as TokenQuoteObservation;

describe('replaceSourceObservations', () => {
  it("replaces only the refreshed source's observations and keeps the other sources' fresh ones", () => {
    const bundle: ObservationBundle = {
      pools: [pool('DEXSCREENER', secondsAgo(30)), pool('GECKOTERMINAL', secondsAgo(30))],
      quotes: [quote('JUPITER', secondsAgo(30)), quote('GECKOTERMINAL', secondsAgo(30))],
    };
    const update: ObservationBundle = { pools: [pool('GECKOTERMINAL', secondsAgo(0))], quotes: [] };
    expect(replaceSourceObservations(bundle, 'GECKOTERMINAL', update, NOW, MAX_AGE_MS)).toEqual({
      pools: [pool('DEXSCREENER', secondsAgo(30)), pool('GECKOTERMINAL', secondsAgo(0))],
      quotes: [quote('JUPITER', secondsAgo(30))],
    });
  });

  it('drops observations older than the maximum age, whichever source they came from', () => {
    const bundle: ObservationBundle = {
      pools: [pool('DEXSCREENER', secondsAgo(61)), pool('DEXSCREENER', secondsAgo(60))],
      quotes: [quote('JUPITER', secondsAgo(120))],
    };
    const update: ObservationBundle = { pools: [], quotes: [quote('GECKOTERMINAL', secondsAgo(61))] };
    expect(replaceSourceObservations(bundle, 'GECKOTERMINAL', update, NOW, MAX_AGE_MS)).toEqual({
      pools: [pool('DEXSCREENER', secondsAgo(60))],
      quotes: [],
    });
  });
});
