import { GraphQLError, parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { isTokenLimitError, tooManyTokens, type OperationLimits } from './operation-limits.js';
import { getDocumentHash, notTrusted, type TrustedDocuments } from './trusted-documents.js';

/**
 * What holds operations sent over the WebSocket to the same rules as HTTP ones. The subscription server
 * calls it around its operation cache (which parses and validates each distinct text once):
 * `refuse` before anything else, `parse` to parse (the token limit), `check` on every subscribe of a
 * valid document (depth, aliases, directives, and cost, which depends on the variables).
 */
export interface SubscriptionGuard {
  /** Trusted documents: errors to refuse the operation with before parsing, or undefined. */
  refuse(payload: SubscribePayload): readonly GraphQLError[] | undefined;
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
}): SubscriptionGuard {
  const { limits, trusted } = options;
  return {
    refuse: (payload) =>
      trusted && !trusted.has(getDocumentHash(payload.query)) ? [forSocket(notTrusted())] : undefined,
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
