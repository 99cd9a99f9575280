import {
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { isTokenLimitError, tooManyTokens, type OperationLimits } from './operation-limits.js';
import { getDocumentHash, notTrusted, type TrustedDocuments } from './trusted-documents.js';

/** graphql-ws hooks that hold operations sent over the WebSocket to the same rules as HTTP ones. */
export interface SubscriptionGuard {
  /** Errors to refuse the operation with, or undefined to let graphql-ws parse, validate and run it. */
  onSubscribe(ctx: unknown, id: string, payload: SubscribePayload): readonly GraphQLError[] | undefined;
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

/**
 * Trusted documents first (the text's hash must be in the manifest), then the token limit while parsing,
 * then — for a document that is valid, so graphql-ws would run it — depth, aliases, directives and cost.
 * Invalid documents are left to graphql-ws, which reports them as it always does.
 */
export function createSubscriptionGuard(options: {
  limits: OperationLimits;
  schema: () => GraphQLSchema;
  trusted?: TrustedDocuments;
  fieldSuggestions: boolean;
}): SubscriptionGuard {
  const { limits, schema, trusted } = options;
  return {
    onSubscribe(_ctx, _id, payload) {
      if (trusted && !trusted.has(getDocumentHash(payload.query))) return [forSocket(notTrusted())];
      let document: DocumentNode;
      try {
        document = parse(payload.query, limits.parseOptions);
      } catch (error) {
        return error instanceof Error && isTokenLimitError(error.message)
          ? [forSocket(tooManyTokens(limits.parseOptions.maxTokens ?? 0))]
          : undefined;
      }
      if (validate(schema(), document).length > 0) return undefined;
      const errors = limits.check(
        schema(),
        document,
        payload.variables ?? undefined,
        payload.operationName ?? undefined,
      );
      return errors.length > 0 ? errors.map(forSocket) : undefined;
    },
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
