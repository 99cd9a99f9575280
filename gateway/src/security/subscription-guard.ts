import { GraphQLError, parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { SubscribePayload } from 'graphql-ws';
import { isTokenLimitError, tooManyTokens, type OperationLimits } from './operation-limits.js';
import {
  getClientKey,
  getProxiedAddress,
  rateLimitMessage,
  type ClientRateLimiter,
  type RateLimitOptions,
} from './rate-limit.middleware.js';
import { SecurityErrorCode } from './security-errors.js';
import { getDocumentHash, notTrusted, type TrustedDocuments } from './trusted-documents.js';

/**
 * What holds operations sent over the WebSocket to the same rules as HTTP ones. The subscription server
 * calls it around its operation cache (which parses and validates each distinct text once):
 * `refuse` before anything else, `parse` to parse (the token limit), `check` on every subscribe of a
 * valid document (depth, aliases, directives, and cost, which depends on the variables).
 */
export interface SubscriptionGuard {
  /** Whether a WebSocket upgrade's Origin may connect (the CORS allowlist); refused with 403 before the upgrade. */
  acceptsOrigin(request: IncomingMessage): boolean;
  /**
   * The operation's text: in trusted-documents mode a subscribe may send only the hash of a trusted
   * document (`extensions.persistedQuery.sha256Hash` with an empty `query`), as over HTTP.
   */
  documentOf(payload: SubscribePayload): string;
  /** Trusted documents: errors to refuse the operation (its text) with before parsing, or undefined. */
  refuse(query: string): readonly GraphQLError[] | undefined;
  /**
   * The per-client rate limit (one token per subscribe, from the same budget as HTTP requests): the
   * RATE_LIMITED error, or undefined. The client is its API key (connection_init payload or upgrade
   * header) when RATE_LIMIT_API_KEYS lists it, else its address.
   */
  admit(
    request: IncomingMessage,
    connectionParams: Readonly<Record<string, unknown>> | undefined,
  ): Promise<readonly GraphQLError[] | undefined>;
  /** Parses with the token limit; a breach throws the TOO_MANY_TOKENS error. */
  parse(query: string): DocumentNode;
  /** Limits of a valid document; empty when it may run. */
  check(schema: GraphQLSchema, document: DocumentNode, payload: SubscribePayload): readonly GraphQLError[];
  /** Strips "Did you mean …?" hints when field suggestions are off. */
  onError(
    ctx: unknown,
    id: string,
    payload: SubscribePayload,
    errors: readonly GraphQLError[],
  ): GraphQLFormattedError[];
}

/** The hint graphql-js appends to unknown-field/argument/type errors (Apollo strips the same). */
const SUGGESTION = /Did you mean(.+)/;

/** WebSocket errors carry the code, not the HTTP status meant for Apollo Server. */
const forSocket = (error: GraphQLError): GraphQLError => {
  const { http: _status, ...extensions } = error.extensions;
  return new GraphQLError(error.message, { extensions });
};

/** The rules of HTTP operations (see gateway-security.ts) for operations over graphql-ws. */
export function createSubscriptionGuard(options: {
  limits: OperationLimits;
  trusted?: TrustedDocuments;
  fieldSuggestions: boolean;
  rateLimit?: { options: RateLimitOptions; limiter: ClientRateLimiter; trustProxyHops: number };
  acceptsOrigin: (request: IncomingMessage) => boolean;
}): SubscriptionGuard {
  const { limits, trusted, rateLimit } = options;
  return {
    acceptsOrigin: options.acceptsOrigin,
    async admit(request, connectionParams) {
      if (!rateLimit) return undefined;
      const header = rateLimit.options.keyHeader;
      const headers = connectionParams?.headers as Record<string, unknown> | undefined;
      const apiKey = connectionParams?.[header] ?? headers?.[header] ?? request.headers[header];
      const verdict = await rateLimit.limiter(
        getClientKey(apiKey, getProxiedAddress(request, rateLimit.trustProxyHops), rateLimit.options.knownKeys),
      );
      if (verdict.allowed) return undefined;
      return [
        new GraphQLError(rateLimitMessage(rateLimit.options, verdict.retryAfterSeconds), {
          extensions: { code: SecurityErrorCode.RATE_LIMITED, retryAfterSeconds: verdict.retryAfterSeconds },
        }),
      ];
    },
    documentOf(payload) {
      const persisted = payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
      const hash = persisted?.sha256Hash;
      return trusted && payload.query === '' && typeof hash === 'string'
        ? (trusted.get(hash) ?? payload.query)
        : payload.query;
    },
    refuse: (query) => (trusted && !trusted.has(getDocumentHash(query)) ? [forSocket(notTrusted())] : undefined),
    parse(query) {
      try {
        return parse(query, limits.parseOptions);
      } catch (error) {
        if (error instanceof Error && isTokenLimitError(error.message)) {
          throw forSocket(tooManyTokens(limits.parseOptions.maxTokens ?? 0));
        }
        throw error;
      }
    },
    check: (schema, document, payload) =>
      limits.check(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined).map(forSocket),
    onError(_ctx, _id, _payload, errors) {
      return errors.map((error) => {
        const formatted = error.toJSON();
        return options.fieldSuggestions
          ? formatted
          : { ...formatted, message: formatted.message.replace(SUGGESTION, '').trim() };
      });
    },
  };
}
