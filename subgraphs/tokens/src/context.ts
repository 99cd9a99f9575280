import type { ReadSession } from './db/read-router.js';
import type { TokenLoaders } from './token/token.loaders.js';
import type { TokenRepository } from './token/token.repository.js';

/** What every resolver of one request receives. */
export interface RequestContext {
  session: ReadSession;
  loaders: TokenLoaders;
  tokens: TokenRepository;
  /** True when the request carried the admin API key. */
  isAdmin: boolean;
}
