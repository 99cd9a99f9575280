import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { RequestHandler } from 'express';
import { parse } from 'graphql';
import {
  createSignedValues,
  createSubgraphApp,
  getRequestIdOf,
  type Logger,
  type Registry,
  type SignedValues,
} from '@memegraph/infra';
import { createAdminAuthenticator } from './admin/admin-auth.js';
import type { RequestContext } from './context.js';
import type { ReadRouter } from './db/read-router.js';
import { tokensErrorCodes } from './errors.js';
import { READ_AFTER_HEADER } from './db/read-router.js';
import { parseLsnOrNull, toLsnText } from './db/wal-position.js';
import { createHistoryLoaders } from './history/history.loaders.js';
import type { HistoryRepository, HistoryWindow } from './history/history.repository.js';
import { ReadCache, loadThrough } from './read-cache.js';
import type { TokenEntity } from './token/token.entity.js';
import { toTokenKeyString, type TokenKey } from './token/token-key.js';
import { createTokenLoaders } from './token/token.loaders.js';
import type { TokenRepository } from './token/token.repository.js';
import { tokenResolvers } from './token/token.resolvers.js';
import type { TrackingPublisher } from './token/tracking-events.js';
import type { MetadataLookup } from './token/upstream-metadata.client.js';

/**
 * How long a read-after token is honoured: far longer than any replica takes to catch up, short enough that
 * replaying one does not buy lasting cache bypass (the gateway skips its response cache for such requests).
 */
const READ_AFTER_TTL_MS = 60_000;

const typeDefs = parse(readFileSync(new URL('../../../schema/tokens.graphql', import.meta.url), 'utf8'));

/** What the HTTP app of the subgraph needs. */
export interface TokensServerDeps {
  router: ReadRouter;
  tokens: TokenRepository;
  history: HistoryRepository;
  /** Whether an Authorization header carries the admin key (failures are counted and slowed here). */
  isAdmin: (authorization: string | undefined) => boolean;
  publishTracking: TrackingPublisher;
  /**
   * Announces that a token's stored row was written (Topic.TOKEN_CHANGED): the other instances drop it from
   * their read caches and gateways from the metadata they keep for subscriptions.
   */
  publishChanged: (key: TokenKey) => Promise<void>;
  lookupMetadata: MetadataLookup;
  log: Logger;
  introspection: boolean;
  /** Set: /graphql answers only requests carrying it (the gateway's); see SUBGRAPH_SECRET. */
  subgraphSecret?: string;
  /** Metrics registry served on /metrics; the GraphQL request metrics are added to it. */
  registry: Registry;
  /** How long token rows and 7-day windows stay in the read cache (0 = off); see READ_CACHE_TTL_MS. */
  readCacheTtlMs: number;
}

/**
 * After a write, tells the caller how far replicas must have replayed for it to read its own write. Only a
 * write issues a token: re-issuing the one a read came with would renew it for ever.
 */
function createReadAfterPlugin(readAfter: SignedValues): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const lsn = contextValue.session.minLsn;
          if (lsn !== null && lsn !== contextValue.readAfter) {
            response.http.headers.set(READ_AFTER_HEADER, readAfter.sign(toLsnText(lsn), READ_AFTER_TTL_MS));
          }
        },
      };
    },
  };
}

/**
 * Ready means this instance can serve reads: the primary answers, or a replica is usable (a failover in
 * progress then costs writes only, which fail fast with PRIMARY_UNAVAILABLE; pulling every instance from the
 * load balancer would cost reads too). `writable` says whether writes can be served.
 */
function createReadyHandler(router: ReadRouter): RequestHandler {
  return async (_req, res) => {
    const writable = await router.isPrimaryReachable();
    const servers = router.status();
    const ready = writable || servers.some((server) => server.role === 'replica' && server.usable);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', writable, servers });
  };
}

/**
 * Builds the subgraph's HTTP app (see createSubgraphApp) with its read-after tokens and its own /ready, and
 * `forgetToken`, which drops a token from this instance's read caches (for Topic.TOKEN_CHANGED).
 */
export async function createTokensApp({
  router,
  tokens,
  history,
  isAdmin,
  publishTracking,
  publishChanged,
  lookupMetadata,
  log,
  introspection,
  subgraphSecret,
  registry,
  readCacheTtlMs,
}: TokensServerDeps) {
  // Signed with SUBGRAPH_SECRET, so a client cannot forge a position (which would pin its reads to the primary).
  const readAfter = createSignedValues(subgraphSecret);
  const authenticate = createAdminAuthenticator(isAdmin, registry);
  const tokenCache = new ReadCache<TokenEntity>(readCacheTtlMs);
  const windowCache = new ReadCache<HistoryWindow>(readCacheTtlMs);
  // Results of recent searches by (query, chain, first), under the same TTL and read-after rules: a token
  // stored, renamed or (un)tracked elsewhere shows in them within the TTL; this instance's writes clear them.
  const searchCache = new ReadCache<TokenEntity[]>(readCacheTtlMs, 10_000);
  /** Drops what this instance keeps of a token whose row was written (here or, announced, elsewhere). */
  const forgetToken = (key: TokenKey) => {
    tokenCache.delete(toTokenKeyString(key));
    searchCache.clear();
  };
  const subgraph = await createSubgraphApp<RequestContext>({
    typeDefs,
    resolvers: tokenResolvers as GraphQLResolverMap<RequestContext>,
    errorCodes: tokensErrorCodes,
    log,
    introspection,
    subgraphSecret,
    registry,
    plugins: [createReadAfterPlugin(readAfter)],
    ready: createReadyHandler(router),
    context: async (req) => {
      const header = req.headers[READ_AFTER_HEADER];
      // Verified once per request; an unsigned, altered or expired token reads as none.
      const received = parseLsnOrNull(readAfter.verify(typeof header === 'string' ? header : undefined));
      const session = { minLsn: received };
      const requestId = getRequestIdOf(req);
      return {
        session,
        readAfter: received,
        tokens,
        loaders: {
          ...createTokenLoaders(tokens, session, tokenCache),
          ...createHistoryLoaders(history, session, windowCache),
        },
        forgetToken: (key) => {
          forgetToken(key);
          // Not awaited: the write stands whatever Redis does (a frozen Redis would hold the answer for up to
          // REDIS_COMMAND_TIMEOUT_MS), and a lost announcement leaves other copies to their TTLs.
          publishChanged(key).catch((error: Error) =>
            log.warn({ err: error.message, token: toTokenKeyString(key) }, 'token change not announced'),
          );
        },
        search: async (query, chain, first) => {
          const key = `${chain ?? '*'}\n${first}\n${query}`;
          const [found] = await loadThrough(
            searchCache,
            session,
            [key],
            (k) => k,
            async () => {
              return new Map([[key, await tokens.search(session, query, chain, first)]]);
            },
          );
          return found!;
        },
        authenticateAdmin: () => authenticate(req.headers.authorization),
        publishTracking,
        lookupMetadata: (key) => lookupMetadata(key, requestId),
      };
    },
  });
  return { ...subgraph, forgetToken };
}
