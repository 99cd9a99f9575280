/**
 * The adapters as UpstreamSources against the fake upstream over real HTTP: each keeps its own rules for a
 * refresh (observe) and a lookup (lookupToken) — which endpoint, which chains, which budget priority.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import { startFakeUpstream, type FakeUpstream } from '@memegraph/local';
import type { Source } from '../src/model/market-model.js';
import { DexScreenerClient } from '../src/upstreams/dexscreener.client.js';
import { GeckoTerminalClient } from '../src/upstreams/geckoterminal.client.js';
import { JupiterClient } from '../src/upstreams/jupiter.client.js';
import type { RequestPriority } from '../src/upstreams/upstream-client.js';
import type { UpstreamSources } from '../src/upstreams/upstream-source.js';
import { UpstreamStatusTracker } from '../src/upstreams/upstream-status.js';

const BONKX = 'BoNKXExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4';
const GIGAX = 'GiGAExamp1eDMJ8aP36tjLUa5aDGFJQosPwBgJ7opump';
const EVM_TOKEN = '0x00000000000000000000000000000000000000aa';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

/** The three adapters on the fake; `priorities` records the priority of every budget request. */
function createSources(): { sources: UpstreamSources; priorities: [Source, RequestPriority][] } {
  const priorities: [Source, RequestPriority][] = [];
  const options = {
    tracker: new UpstreamStatusTracker({ rateLimitPerMinute: { DEXSCREENER: 300, GECKOTERMINAL: 30, JUPITER: 30 } }),
    log: createLogger('upstream-sources-test', 'silent'),
    acquire: async (source: Source, _class: unknown, priority: RequestPriority) =>
      void priorities.push([source, priority]),
  };
  return {
    priorities,
    sources: {
      DEXSCREENER: new DexScreenerClient({ ...options, baseUrl: `${fake.url}/dexscreener` }),
      GECKOTERMINAL: new GeckoTerminalClient({ ...options, baseUrl: `${fake.url}/geckoterminal` }),
      JUPITER: new JupiterClient({ ...options, baseUrl: `${fake.url}/jupiter` }),
    },
  };
}

describe('observe (a polling refresh, background budget)', () => {
  it('DexScreener reports pools only, GeckoTerminal token quotes with their top pools, Jupiter prices only', async () => {
    const { sources, priorities } = createSources();
    const dex = await sources.DEXSCREENER.observe('SOLANA', [BONKX]);
    expect(dex.quotes).toEqual([]);
    expect(dex.pools.map((p) => [p.source, p.base.address])).toContainEqual(['DEXSCREENER', BONKX]);
    const gecko = await sources.GECKOTERMINAL.observe('SOLANA', [BONKX, GIGAX]);
    expect(gecko.quotes.map((q) => q.address)).toEqual([BONKX, GIGAX]);
    expect(gecko.pools.map((p) => p.base.address)).toEqual([BONKX, GIGAX]);
    const jupiter = await sources.JUPITER.observe('SOLANA', [BONKX]);
    expect(jupiter).toEqual({ pools: [], quotes: [expect.objectContaining({ source: 'JUPITER', address: BONKX })] });
    expect(priorities.map(([, priority]) => priority)).toEqual(['background', 'background', 'background']);
  });

  it('Jupiter serves Solana only: another chain gets nothing, without a call', async () => {
    const { sources } = createSources();
    expect((['SOLANA', 'ETHEREUM', 'BASE', 'BSC'] as const).map((chain) => sources.JUPITER.serves(chain))).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(sources.DEXSCREENER.serves('BSC') && sources.GECKOTERMINAL.serves('BSC')).toBe(true);
    expect(await sources.JUPITER.observe('ETHEREUM', [EVM_TOKEN])).toEqual({ pools: [], quotes: [] });
    expect(await sources.JUPITER.lookupToken('ETHEREUM', EVM_TOKEN)).toBeNull();
    expect(fake.requests()).toEqual([]);
  });
});

describe('lookupToken (a person waiting, on-demand budget)', () => {
  it('names a known token from DexScreener (no decimals) and GeckoTerminal (with decimals)', async () => {
    const { sources, priorities } = createSources();
    expect(await sources.DEXSCREENER.lookupToken('SOLANA', BONKX)).toMatchObject({ symbol: 'BONKX', decimals: null });
    expect(await sources.GECKOTERMINAL.lookupToken('SOLANA', BONKX)).toMatchObject({
      symbol: 'BONKX',
      decimals: expect.any(Number),
    });
    expect(priorities).toEqual([
      ['DEXSCREENER', 'on-demand'],
      ['GECKOTERMINAL', 'on-demand'],
    ]);
  });
});
