/** The local stack as a library, for the launcher's tests and benchmarks: the upstream replay (recorded fixtures, faults, rate limits), the demo walk over it, and embedded Postgres. */
export { loadDemoTokens, startDemoUpstream, trackDemoTokens } from './demo-upstream.js';
export type { DemoToken, DemoUpstream, DemoUpstreamOptions } from './demo-upstream.js';
export { startEmbeddedPostgres } from './embedded-postgres.js';
export type { EmbeddedDatabase } from './embedded-postgres.js';
export {
  DOCUMENTED_RATE_LIMITS,
  loadUpstreamFixture,
  marketDataTestEnv,
  resolveUpstreamFixturesDir,
  startFakeUpstream,
} from './fake-upstream.js';
export type {
  FakeEndpointClass,
  FakeRateLimit,
  FakeSource,
  FakeUpstream,
  FakeUpstreamOptions,
  RecordedRequest,
  RouteMatcher,
} from './fake-upstream.js';
export {
  answerSynthetic,
  getSyntheticBasePriceUsd,
  getSyntheticPoolAddress,
  getSyntheticPriceUsd,
  SYNTHETIC_PRICE_AMPLITUDE,
} from './fake-upstream-synthetic.js';
export type { SyntheticOptions } from './fake-upstream-synthetic.js';
export { FAKE_OHLCV_HISTORY_DAYS, getFakeOhlcvRows } from './fake-upstream-ohlcv.js';
