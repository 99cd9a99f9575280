import type { ApolloServerOptionsWithGateway, ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import {
  createMemoryTokenBucket,
  createRedisTokenBucket,
  withLocalFallback,
  type Logger,
  type RedisData,
} from '@memegraph/infra';
import type { GatewayConfig } from '../gateway.config.js';
import type { GatewayContext } from '../gateway.context.js';
import { createCorsMiddleware, createWebSocketOriginCheck, type CorsMiddleware } from './cors.middleware.js';
import {
  createBodyErrorHandler,
  createBodyErrorSender,
  createJsonBodyParser,
  rejectBatches,
  rejectUnsupportedMediaType,
  type BodyErrorSender,
  type HttpGuard,
} from './http-body-guard.js';
import { createOperationLimits } from './operation-limits.js';
import { formatTokenLimitError, operationLimitsPlugin } from './operation-limits.plugin.js';
import { createPersistedQueryOptions, formatPersistedQueryError } from './persisted-queries.js';
import { createClientRateLimiter, createRateLimitMiddleware } from './rate-limit.middleware.js';
import { createReadAfterGuard } from './read-after.guard.js';
import { SecurityErrorCode } from './security-errors.js';
import { createSubscriptionGuard, type SubscriptionGuard } from './subscription-guard.js';
import { createTrustedDocumentsGuard, loadTrustedDocuments } from './trusted-documents.js';

/** Defaults in production of the per-client limits that are off elsewhere (one loopback address for all). */
const PRODUCTION_RATE_LIMIT_PER_MINUTE = 600;
const PRODUCTION_WS_MAX_CONNECTIONS_PER_IP = 100;
const PRODUCTION_WS_UPGRADES_PER_MINUTE_PER_IP = 60;

/** Everything the gateway's composition root plugs in to refuse abuse before planning. */
export interface GatewaySecurity {
  /** Spread into the ApolloServer options. */
  apolloOptions: Pick<
    ApolloServerOptionsWithGateway<GatewayContext>,
    'parseOptions' | 'persistedQueries' | 'hideSchemaDetailsFromClientErrors' | 'csrfPrevention'
  >;
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Codes the error masker lets through. */
  errorCodes: string[];
  /** Applied before the gateway's own error formatting. */
  formatError(formatted: GraphQLFormattedError): GraphQLFormattedError;
  /**
   * CORS, mounted on /graphql before every other handler of that path (express answers OPTIONS itself for
   * any path a router has a GET route on, e.g. GraphiQL's).
   */
  cors: CorsMiddleware;
  /** Mounted on /graphql in this order, before Apollo Server. */
  httpGuards: RequestHandler[];
  /** Mounted on /graphql after Apollo Server: body parser failures as GraphQL errors. */
  httpErrorHandler: ErrorRequestHandler;
  /**
   * The same guards for POST /graphql's lean path on plain node:http (gateway.graphql-handler.ts), which reads
   * a plain JSON body of at most `maxBodyBytes` itself (so the media type check and the body parser pass by
   * construction): `beforeBody` and `afterBody` in httpGuards' order, and the body errors as
   * httpErrorHandler answers them.
   */
  leanGuards: { maxBodyBytes: number; beforeBody: HttpGuard[]; afterBody: HttpGuard[]; sendBodyError: BodyErrorSender };
  /** Hooks for graphql-ws holding WebSocket operations to the same limits. */
  subscriptionGuard: SubscriptionGuard;
  /** Limits of the WebSocket server itself: per client address, and all sockets' unsent bytes together. */
  webSocketLimits: {
    maxConnectionsPerIp: number;
    upgradesPerMinutePerIp: number;
    trustProxyHops: number;
    maxTotalBufferedBytes: number;
  };
  /** Settings worth logging at start. */
  summary: Record<string, unknown>;
}

/**
 * Builds the gateway's limits from its config (throws on a bad trusted-documents manifest). `redis`, the
 * gateway's data connection when REDIS_URL is set, shares APQ and rate-limit buckets between instances.
 * While it cannot answer (`availability`), the rate limit counts in this process and APQ lookups miss.
 */
export function createGatewaySecurity(
  config: GatewayConfig,
  deps: { redis: RedisData | undefined; log: Logger },
): GatewaySecurity {
  const { redis } = deps;
  const production = config.NODE_ENV === 'production';
  const limits = createOperationLimits(config);
  const trusted = config.TRUSTED_DOCUMENTS_PATH ? loadTrustedDocuments(config.TRUSTED_DOCUMENTS_PATH) : undefined;
  const fieldSuggestions = config.GATEWAY_FIELD_SUGGESTIONS ?? !production;
  const perMinute = config.RATE_LIMIT_PER_MINUTE ?? (production ? PRODUCTION_RATE_LIMIT_PER_MINUTE : 0);
  const rateLimitOptions =
    perMinute > 0
      ? {
          bucket: redis
            ? withLocalFallback(
                createRedisTokenBucket(redis.connection, `${config.REDIS_KEY_PREFIX}ratelimit:`),
                createMemoryTokenBucket(),
                redis.availability,
                'rate-limit',
              )
            : createMemoryTokenBucket(),
          perMinute,
          burst: config.RATE_LIMIT_BURST,
          keyHeader: config.RATE_LIMIT_KEY_HEADER,
          knownKeys: new Set(config.RATE_LIMIT_API_KEYS),
          log: deps.log,
        }
      : undefined;
  // Guards running once the body is parsed, the same in express's chain and on the lean path.
  const afterBody: HttpGuard[] = [
    rejectBatches,
    createReadAfterGuard(config.SUBGRAPH_SECRET),
    ...(trusted ? [createTrustedDocumentsGuard(trusted)] : []),
  ];
  const sendBodyError = createBodyErrorSender(config.GATEWAY_MAX_BODY_BYTES);
  // One budget per client for HTTP requests and graphql-ws subscribes alike.
  const rateLimit = rateLimitOptions && {
    options: rateLimitOptions,
    limiter: createClientRateLimiter(rateLimitOptions),
  };
  // Guards running before the body is read, the same in express's chain and on the lean path.
  const beforeBody: HttpGuard[] = rateLimit
    ? [createRateLimitMiddleware(rateLimit.options, rateLimit.limiter, config.TRUST_PROXY_HOPS)]
    : [];
  return {
    apolloOptions: {
      parseOptions: limits.parseOptions,
      persistedQueries: createPersistedQueryOptions({
        redis,
        keyPrefix: config.REDIS_KEY_PREFIX,
        ttlSeconds: config.APQ_TTL_SECONDS,
        maxEntries: config.APQ_MAX_ENTRIES,
        maxQueryBytes: config.APQ_MAX_QUERY_BYTES,
        trusted,
      }),
      hideSchemaDetailsFromClientErrors: !fieldSuggestions,
      // Apollo's default, stated so that nobody turns it off by accident: simple requests need a preflight header.
      csrfPrevention: true,
    },
    plugins: [operationLimitsPlugin(limits)],
    errorCodes: Object.values(SecurityErrorCode),
    formatError: (formatted) => formatPersistedQueryError(formatTokenLimitError(formatted, config.QUERY_MAX_TOKENS)),
    cors: createCorsMiddleware(config.CORS_ORIGINS, production),
    httpGuards: [
      ...beforeBody,
      rejectUnsupportedMediaType,
      createJsonBodyParser(config.GATEWAY_MAX_BODY_BYTES),
      ...afterBody,
    ],
    httpErrorHandler: createBodyErrorHandler(sendBodyError),
    leanGuards: { maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES, beforeBody, afterBody, sendBodyError },
    subscriptionGuard: createSubscriptionGuard({
      limits,
      trusted,
      fieldSuggestions,
      rateLimit: rateLimit && { ...rateLimit, trustProxyHops: config.TRUST_PROXY_HOPS },
      acceptsOrigin: createWebSocketOriginCheck(config.CORS_ORIGINS, production),
    }),
    webSocketLimits: {
      maxConnectionsPerIp: config.WS_MAX_CONNECTIONS_PER_IP ?? (production ? PRODUCTION_WS_MAX_CONNECTIONS_PER_IP : 0),
      upgradesPerMinutePerIp:
        config.WS_UPGRADES_PER_MINUTE_PER_IP ?? (production ? PRODUCTION_WS_UPGRADES_PER_MINUTE_PER_IP : 0),
      trustProxyHops: config.TRUST_PROXY_HOPS,
      maxTotalBufferedBytes: config.WS_MAX_TOTAL_BUFFERED_BYTES,
    },
    summary: {
      rateLimitPerMinute: perMinute,
      trustedDocuments: trusted?.size ?? false,
      fieldSuggestions,
      apq: trusted ? 'trusted documents only' : redis ? 'redis' : 'memory',
    },
  };
}
