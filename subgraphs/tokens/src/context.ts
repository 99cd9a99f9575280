import type { ReadSession } from './db/read-router.js';
import type { HistoryLoaders } from './history/history.loaders.js';
import type { Chain } from './generated/resolvers.js';
import type { TokenEntity } from './token/token.entity.js';
import type { TokenKey } from './token/token-key.js';
import type { TokenLoaders } from './token/token.loaders.js';
import type { TokenRepository } from './token/token.repository.js';
import type { TrackingPublisher } from './token/tracking-events.js';
import type { MetadataLookup } from './token/upstream-metadata.client.js';

/** What every resolver of one request receives. */
export interface RequestContext {
  session: ReadSession;
  /** The position the request's x-read-after token carried (verified), null without a valid one. */
  readAfter: bigint | null;
  loaders: TokenLoaders & HistoryLoaders;
  tokens: TokenRepository;
  /**
   * Drops a token this request wrote from the read cache (and every kept search result, whose order the
   * token's tracked flag decides), so this instance's next readers see the write, and announces the change
   * (Topic.TOKEN_CHANGED) to the other instances and the gateways.
   */
  forgetToken: (key: TokenKey) => void;
  /** Query.searchTokens' results, through the read cache of recent searches (see createTokensApp). */
  search: (query: string, chain: Chain | null, first: number) => Promise<TokenEntity[]>;
  /** Metadata of a token nobody stored yet, from the upstreams (through market-data). */
  lookupMetadata: MetadataLookup;
  /** Announces tracking changes to market-data. */
  publishTracking: TrackingPublisher;
  /**
   * Whether the request carries the admin API key; asked only by admin operations, so a read carrying some
   * other bearer token (the gateway forwards Authorization) is never counted or slowed as a failed login.
   */
  authenticateAdmin: () => Promise<boolean>;
}
