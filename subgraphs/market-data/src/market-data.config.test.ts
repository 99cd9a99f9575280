import { describe, expect, it } from '@jest/globals';
import { loadMarketDataConfig } from './market-data.config.js';

describe('loadMarketDataConfig', () => {
  it('finds the tokens subgraph (tracked-set reconcile) at TOKENS_PORT when TOKENS_URL is unset; an explicit URL wins', () => {
    expect(loadMarketDataConfig({}).TOKENS_URL).toBe('http://127.0.0.1:4001/graphql');
    expect(loadMarketDataConfig({ TOKENS_PORT: '5101' }).TOKENS_URL).toBe('http://127.0.0.1:5101/graphql');
    expect(loadMarketDataConfig({ TOKENS_PORT: '5101', TOKENS_URL: 'http://tokens:4001/graphql' }).TOKENS_URL).toBe(
      'http://tokens:4001/graphql',
    );
  });

  it('reconciles every minute and checks for a lost tracked set every 2 s by default; 0 turns reconciling off', () => {
    expect(loadMarketDataConfig({})).toMatchObject({
      TRACKING_RECONCILE_INTERVAL_MS: 60_000,
      TRACKING_RESET_CHECK_MS: 2_000,
    });
    expect(loadMarketDataConfig({ TRACKING_RECONCILE_INTERVAL_MS: '0' }).TRACKING_RECONCILE_INTERVAL_MS).toBe(0);
    expect(() => loadMarketDataConfig({ TRACKING_RESET_CHECK_MS: '0' })).toThrow('TRACKING_RESET_CHECK_MS');
  });
});
