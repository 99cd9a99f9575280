import type { ApolloServerPlugin } from '@apollo/server';
import { READ_AFTER_HEADER, type GatewayContext } from '../gateway.context.js';
import type { HttpGuard } from '../security/http-body-guard.js';

/** Settings of the response cache. */
export interface ResponseCacheOptions {
  /** How long a stored response is served; no answer is older than this when served. */
  ttlMs: number;
  /** Stored responses kept at most (oldest stored go first). */
  maxEntries: number;
  now?: () => number;
}

/** Counters of the response cache (tests, benchmarks). */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stores: number;
}

/** The two halves of the cache: the middleware serves hits in front of Apollo, the plugin stores answers. */
export interface ResponseCache {
  /** Plain node (after the JSON body parser): express mounts it, POST /graphql's lean path runs it. */
  middleware: HttpGuard;
  plugin: ApolloServerPlugin<GatewayContext>;
  stats(): ResponseCacheStats;
}

interface Entry {
  body: string;
  expiresAt: number;
}

/** Key of an operation: name, text and variables (the JSON body's own serialisation of them). */
const toKey = (operationName: unknown, query: unknown, variables: unknown) =>
  `${typeof operationName === 'string' ? operationName : ''}\n${String(query)}\n${JSON.stringify(variables ?? {})}`;

/** A request that may be served from or stored into the shared cache: anonymous, no read-your-writes token. */
const isShareable = (header: (name: string) => unknown) =>
  !header('authorization') && !header(READ_AFTER_HEADER) && !header('cookie');

/**
 * Caches whole responses of anonymous queries for `ttlMs`, keyed by operation name, text and variables,
 * in this process. Only successful `query` operations (no errors, HTTP 200) of requests without an
 * Authorization header, cookie or read-after token are stored, and only such requests are answered from
 * the cache: a response shaped by a caller's identity is never shared, and a client reading its own
 * write always reaches the subgraphs. Hits skip parsing, validation, planning and execution.
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const stats: ResponseCacheStats = { hits: 0, misses: 0, stores: 0 };

  const middleware: HttpGuard = (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (req.method !== 'POST' || typeof body?.query !== 'string' || !isShareable((name) => req.headers[name])) {
      return next();
    }
    const key = toKey(body.operationName, body.query, body.variables);
    const entry = entries.get(key);
    if (!entry || entry.expiresAt <= now()) {
      if (entry) entries.delete(key);
      stats.misses += 1;
      return next();
    }
    stats.hits += 1;
    // What express's res.status(200).type(...).send(entry.body) sent (no ETag on /graphql).
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(entry.body));
    res.end(entry.body);
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, operation, errors, contextValue }) {
          const http = request.http;
          if (!http || http.method !== 'POST' || !isShareable((name) => http.headers.get(name))) return;
          if (operation?.operation !== 'query' || errors?.length || contextValue.readAfter) return;
          if ((response.http.status ?? 200) !== 200 || response.body.kind !== 'single') return;
          if (response.body.singleResult.errors?.length) return;
          if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value!);
          entries.set(toKey(request.operationName, request.query, request.variables), {
            body: JSON.stringify(response.body.singleResult),
            expiresAt: now() + options.ttlMs,
          });
          stats.stores += 1;
        },
      };
    },
  };

  return { middleware, plugin, stats: () => ({ ...stats }) };
}
