import { createLogger, startHttpServer, type Logger } from '@memegraph/infra';
import { createAdminCheck } from './admin/admin-auth.js';
import { createDataSource, runMigrations } from './db/data-source.js';
import { ReadRouter } from './db/read-router.js';
import type { TokensConfig } from './tokens.config.js';
import { createTokensApp } from './tokens.server.js';
import { TokenRepository } from './token/token.repository.js';

export { loadTokensConfig, tokensConfigSchema, type TokensConfig } from './tokens.config.js';

/** A running tokens subgraph. */
export interface TokensService {
  /** GraphQL endpoint, e.g. http://127.0.0.1:4001/graphql. */
  url: string;
  router: ReadRouter;
  close(): Promise<void>;
}

/**
 * Composition root: connects to the primary and replicas, applies migrations, starts replica
 * health checks and serves the subgraph. `close` drains HTTP, then closes the pools.
 */
export async function startTokensService(
  config: TokensConfig,
  log: Logger = createLogger('tokens', config.LOG_LEVEL),
): Promise<TokensService> {
  const pool = {
    poolSize: config.DATABASE_POOL_SIZE,
    acquireTimeoutMs: config.DATABASE_ACQUIRE_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  };
  const primary = { name: 'primary', dataSource: createDataSource(config.DATABASE_URL, 'memegraph-tokens', pool) };
  const replicas = config.DATABASE_REPLICA_URLS.map((url, i) => ({
    name: `replica-${i + 1}`,
    dataSource: createDataSource(url, 'memegraph-tokens', pool),
  }));
  await primary.dataSource.initialize();
  // A replica that is down at start must not stop the service: its pool connects lazily.
  await Promise.all(replicas.map((r) => r.dataSource.initialize()));
  if (config.DATABASE_MIGRATE_ON_START) {
    const applied = await runMigrations(primary.dataSource);
    if (applied.length > 0) log.info({ applied }, 'applied database migrations');
  }
  const router = new ReadRouter(primary, replicas, {
    maxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    checkIntervalMs: config.DATABASE_REPLICA_CHECK_INTERVAL_MS,
    maxWaiting: config.DATABASE_MAX_WAITING,
    log,
  });
  await router.start();

  const { app, apollo } = await createTokensApp({
    router,
    tokens: new TokenRepository(router),
    isAdmin: createAdminCheck(config.ADMIN_API_KEY),
    log,
    introspection: config.NODE_ENV !== 'production',
  });
  const http = await startHttpServer(app, config.TOKENS_PORT, config.TOKENS_HOST);
  const url = `${http.url}/graphql`;
  log.info({ url, replicas: replicas.length, admin: Boolean(config.ADMIN_API_KEY) }, `tokens subgraph ready at ${url}`);

  return {
    url,
    router,
    async close() {
      router.stop();
      await http.close();
      await apollo.stop();
      await Promise.allSettled([primary, ...replicas].map((s) => s.dataSource.destroy()));
    },
  };
}
