import type { Server } from 'node:http';
import { print, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@memegraph/infra';
import type { SubscriptionGuard } from '../security/subscription-guard.js';
import { createWebSocketAdmission } from '../security/websocket-admission.js';
import { WebSocketCloseCode } from './close-codes.js';
import { isAuthorizedConnection } from './connection-auth.js';
import { serveGraphqlWs } from './graphql-ws-adapter.js';
import { createOperationCache } from './operation-cache.js';
import type { SharedPayloads } from './shared-payload.js';
import { SharedBufferBudget, SocketBudget } from './socket-budget.js';
import type { SubscriptionContext, SubscriptionExecutor } from './subscription-executor.js';
import type { RunQuery } from './token-hydrator.js';

/** Limits of the WebSocket endpoint (see gateway.config.ts). */
export interface SubscriptionServerLimits {
  initTimeoutMs: number;
  pingIntervalMs: number;
  maxConnections: number;
  /** Per client address (0: off), see websocket-admission.ts. */
  maxConnectionsPerIp: number;
  upgradesPerMinutePerIp: number;
  /** Proxies in front whose X-Forwarded-For names the client address. */
  trustProxyHops: number;
  maxBufferedBytes: number;
  /** What all sockets together may hold unsent; over it the socket holding the most is dropped. */
  maxTotalBufferedBytes: number;
  /** Largest message a client may send (a larger one closes its socket with 1009). */
  maxMessageBytes: number;
  /** Distinct operation texts kept parsed and validated. */
  operationCacheSize: number;
  /** Bearer token every connection_init must carry (unset: no auth). */
  authToken?: string;
}

/** graphql-ws on the gateway's HTTP server. */
export interface SubscriptionServer {
  /** Open WebSockets on this instance. */
  readonly connections: number;
  /** Sockets closed so far for exceeding WS_MAX_BUFFERED_BYTES. */
  readonly slowConsumersClosed: number;
  /** Sockets dropped so far to keep all sockets under WS_MAX_TOTAL_BUFFERED_BYTES. */
  readonly overTotalBufferDropped: number;
  /** Closes every socket with 1012 (service restart) so clients reconnect to another instance. */
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1_000;

/**
 * Serves graphql-ws on `path` of the gateway's HTTP server: subscriptions through the executor, queries
 * and mutations sent over the socket through the gateway's own planning (`runQuery`).
 */
export function startSubscriptionServer(options: {
  server: Server;
  path: string;
  schema: () => GraphQLSchema;
  executor: SubscriptionExecutor;
  /** The registry the executor serialises results into: `onNext` and the socket adapter splice them from it. */
  sharedPayloads: SharedPayloads;
  runQuery: RunQuery;
  /** Abuse limits and trusted documents, checked on every operation a client sends over the socket. */
  guard?: SubscriptionGuard;
  limits: SubscriptionServerLimits;
  log: Logger;
  /** Called with the number of open sockets whenever one opens or closes. */
  onConnectionsChange?: (connections: number) => void;
  /** Called for every `next` message sent (metrics). */
  onMessageSent?: () => void;
}): SubscriptionServer {
  const { limits, log } = options;
  const budgets = new WeakMap<WebSocket, SocketBudget>();
  let slowConsumersClosed = 0;
  const sharedBudget = new SharedBufferBudget(limits.maxTotalBufferedBytes);
  const admission = createWebSocketAdmission(limits);
  const wss: WebSocketServer = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: limits.maxMessageBytes,
    // Refused before the upgrade, so a full instance costs the client one HTTP round trip, not a socket.
    verifyClient: (info, callback) => {
      if (options.guard && !options.guard.acceptsOrigin(info.req)) {
        return callback(false, 403, 'WebSocket connections from this origin are not allowed (CORS_ORIGINS)');
      }
      if (wss.clients.size >= limits.maxConnections) {
        return callback(false, 503, 'Too many WebSocket connections on this instance; try again later', {
          'Retry-After': '5',
        });
      }
      admission.admit(info.req).then(
        (refusal) => (refusal ? callback(false, refusal.status, refusal.message, refusal.headers) : callback(true)),
        () => callback(false, 500),
      );
    },
  });
  const { onConnectionsChange = () => undefined } = options;
  wss.on('connection', (socket, request) => {
    const budget = new SocketBudget(socket, limits.maxBufferedBytes, () => (slowConsumersClosed += 1), sharedBudget);
    budgets.set(socket, budget);
    const closed = admission.opened(request);
    onConnectionsChange(wss.clients.size);
    // ws removes the socket from `clients` before emitting close.
    socket.once('close', () => {
      budget.dispose();
      closed();
      onConnectionsChange(wss.clients.size);
    });
  });

  const { guard } = options;
  const operations = createOperationCache(limits.operationCacheSize, { parse: guard?.parse });
  const disposable = serveGraphqlWs<Record<string, unknown> | undefined>(
    {
      connectionInitWaitTimeout: limits.initTimeoutMs,
      // false makes graphql-ws close the socket with 4403 Forbidden.
      onConnect: ({ connectionParams }) =>
        limits.authToken === undefined || isAuthorizedConnection(connectionParams, limits.authToken),
      // Parsed and validated once per distinct operation text, not once per subscriber; the abuse limits
      // (which depend on the variables) on every subscribe.
      onSubscribe: async (ctx, _id, payload) => {
        const query = guard?.documentOf(payload) ?? payload.query;
        const refused = guard?.refuse(query) ?? (await guard?.admit(ctx.extra.request, ctx.connectionParams));
        if (refused) return refused;
        const schema = options.schema();
        const prepared = operations.prepare(schema, query);
        if ('errors' in prepared) return prepared.errors;
        const breaches = guard?.check(schema, prepared.document, payload);
        if (breaches?.length) return breaches;
        return {
          schema,
          document: prepared.document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
      },
      onError: guard?.onError,
      // Counts the message; a result shared by several subscribers is serialised once: the placeholder
      // returned here stands for its JSON, which the adapter's send splices in (see shared-payload.ts).
      onNext: (_ctx, _id, _payload, _args, result) => {
        options.onMessageSent?.();
        return options.sharedPayloads.toPlaceholder(result);
      },
      context: (ctx): SubscriptionContext => ({ budget: budgets.get(ctx.extra.socket) }),
      subscribe: (args) => options.executor.subscribe(args),
      execute: async (args) =>
        (await options.runQuery(
          print(args.document),
          (args.variableValues ?? {}) as Record<string, unknown>,
          args.operationName ?? undefined,
        )) as ExecutionResult,
    },
    wss,
    limits.pingIntervalMs,
    log,
    options.sharedPayloads,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    get slowConsumersClosed() {
      return slowConsumersClosed;
    },
    get overTotalBufferDropped() {
      return sharedBudget.cuts;
    },
    async close() {
      const sockets = [...wss.clients];
      const closed = Promise.all(
        sockets.map((socket) =>
          socket.readyState === socket.CLOSED ? undefined : new Promise((resolve) => socket.once('close', resolve)),
        ),
      );
      for (const socket of sockets) socket.close(WebSocketCloseCode.SERVICE_RESTART, 'Server restarting');
      // A client that does not answer the close handshake is cut after a short grace.
      const grace = setTimeout(() => sockets.forEach((socket) => socket.terminate()), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(grace);
      try {
        await disposable.dispose();
      } catch (error) {
        log.warn({ err: error }, 'WebSocket server close failed');
      }
    },
  };
}
