import { ErrorCode } from '@memegraph/contracts';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { controlCharacterError, findControlCharacter } from './control-characters.js';
import { getQueryCost } from './query-cost.js';
import { securityError, SecurityErrorCode } from './security-errors.js';

/** The limits every operation must keep (see security.config.ts). */
export interface OperationLimitsConfig {
  QUERY_MAX_DEPTH: number;
  QUERY_MAX_ALIASES: number;
  QUERY_MAX_DIRECTIVES: number;
  QUERY_MAX_TOKENS: number;
  QUERY_MAX_COST: number;
  QUERY_DEFAULT_LIST_SIZE: number;
}

/** Checks of one operation, shared by the HTTP path (Apollo plugin) and the WebSocket path. */
export interface OperationLimits {
  /** Options for `parse`: parsing stops at QUERY_MAX_TOKENS tokens. */
  parseOptions: ParseOptions;
  /**
   * The limits a parsed, valid document breaks, each as a coded GraphQLError (HTTP 400); empty when it
   * keeps them all. Cheap checks first (a string argument with a control character is BAD_USER_INPUT);
   * the cost is computed only for documents that pass them.
   */
  check(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables?: Record<string, unknown>,
    operationName?: string,
  ): GraphQLError[];
}

/** graphql's parser message when `maxTokens` stops it (graphql 16 spells it "Document contains more that N tokens"). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

/** Whether a parse error is the token limit rather than bad syntax. */
export const isTokenLimitError = (message: string): boolean => TOKEN_LIMIT_MESSAGE.test(message);

/** The client-facing TOO_MANY_TOKENS error. */
export const tooManyTokens = (maxTokens: number): GraphQLError =>
  securityError(
    SecurityErrorCode.TOO_MANY_TOKENS,
    `The document has more than ${maxTokens} tokens (QUERY_MAX_TOKENS); parsing stopped.`,
  );

/** One graphql-armor rule with the code its refusal carries. */
interface ArmorLimit {
  code: SecurityErrorCode;
  limit: number;
  describe: string;
  /** The rule, reporting a breach to `onReject` instead of throwing. */
  rule(onReject: () => void): ValidationRule;
}

/**
 * What one document's checks found, kept for the next request with that document: Apollo Server hands
 * every request with the same query text the same parsed DocumentNode (its document store), and the
 * armor verdict depends only on schema and document, the cost only on those, the operation and the
 * variables. Entries go with their document (weak keys); `costs` is emptied when it reaches its bound.
 */
interface DocumentVerdict {
  breached: ArmorLimit[];
  /** Cost, or the message of the variables' error, by operation name and variables (JSON). */
  costs: Map<string, number | { error: string }>;
}

/** Cost entries kept per document (distinct operation names × variables) before they are dropped. */
const MAX_COSTS_PER_DOCUMENT = 256;

/** Builds the checks from graphql-armor's depth, alias and directive rules and a list-size cost. */
export function createOperationLimits(config: OperationLimitsConfig): OperationLimits {
  // Armor throws on a breach unless told not to; a callback lets each breach become its own coded error.
  const quiet = (onReject: () => void) => ({ propagateOnRejection: false, onReject: [onReject] });
  const armor: ArmorLimit[] = [
    {
      code: SecurityErrorCode.QUERY_TOO_DEEP,
      limit: config.QUERY_MAX_DEPTH,
      describe: `nests deeper than ${config.QUERY_MAX_DEPTH} levels (QUERY_MAX_DEPTH)`,
      // Introspection (GraphiQL's query nests ofType deeply) is governed by GATEWAY_INTROSPECTION instead.
      rule: (onReject) =>
        maxDepthRule({
          n: config.QUERY_MAX_DEPTH,
          ignoreIntrospection: true,
          flattenFragments: true,
          ...quiet(onReject),
        }),
    },
    {
      code: SecurityErrorCode.TOO_MANY_ALIASES,
      limit: config.QUERY_MAX_ALIASES,
      describe: `uses more than ${config.QUERY_MAX_ALIASES} aliases (QUERY_MAX_ALIASES)`,
      rule: (onReject) => maxAliasesRule({ n: config.QUERY_MAX_ALIASES, ...quiet(onReject) }),
    },
    {
      code: SecurityErrorCode.TOO_MANY_DIRECTIVES,
      limit: config.QUERY_MAX_DIRECTIVES,
      describe: `uses more than ${config.QUERY_MAX_DIRECTIVES} directives (QUERY_MAX_DIRECTIVES)`,
      rule: (onReject) => maxDirectivesRule({ n: config.QUERY_MAX_DIRECTIVES, ...quiet(onReject) }),
    },
  ];
  const verdicts = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentVerdict>>();
  const getVerdict = (schema: GraphQLSchema, document: DocumentNode): DocumentVerdict => {
    let bySchema = verdicts.get(schema);
    if (!bySchema) verdicts.set(schema, (bySchema = new WeakMap()));
    let verdict = bySchema.get(document);
    if (!verdict) {
      const breached = new Set<ArmorLimit>();
      validate(
        schema,
        document,
        armor.map((limit) => limit.rule(() => breached.add(limit))),
      );
      verdict = { breached: armor.filter((limit) => breached.has(limit)), costs: new Map() };
      bySchema.set(document, verdict);
    }
    return verdict;
  };
  const getCost = (
    schema: GraphQLSchema,
    document: DocumentNode,
    verdict: DocumentVerdict,
    variables: Record<string, unknown> | undefined,
    operationName: string | undefined,
  ): number | { error: string } => {
    const key = `${operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
    let cost = verdict.costs.get(key);
    if (cost === undefined) {
      try {
        cost = getQueryCost(schema, document, variables, operationName, config.QUERY_DEFAULT_LIST_SIZE);
      } catch (error) {
        cost = { error: error instanceof Error ? error.message : String(error) };
      }
      if (verdict.costs.size >= MAX_COSTS_PER_DOCUMENT) verdict.costs.clear();
      verdict.costs.set(key, cost);
    }
    return cost;
  };
  return {
    parseOptions: { maxTokens: config.QUERY_MAX_TOKENS },
    check(schema, document, variables, operationName) {
      const controlled = findControlCharacter(document, variables);
      if (controlled !== undefined) return [controlCharacterError(controlled)];
      const verdict = getVerdict(schema, document);
      if (verdict.breached.length > 0) {
        return verdict.breached.map(({ code, limit, describe }) =>
          securityError(code, `The operation ${describe}.`, 400, { limit }),
        );
      }
      const cost = getCost(schema, document, verdict, variables, operationName);
      if (typeof cost !== 'number') {
        // Variables that do not fit the operation: refused here, as execution would refuse them.
        return [
          new GraphQLError(cost.error, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } }),
        ];
      }
      return cost > config.QUERY_MAX_COST
        ? [
            securityError(
              SecurityErrorCode.QUERY_TOO_COSTLY,
              `The operation costs ${cost}, more than ${config.QUERY_MAX_COST} (QUERY_MAX_COST); ask for fewer items (first/limit) or fields.`,
              400,
              { cost, limit: config.QUERY_MAX_COST },
            ),
          ]
        : [];
    },
  };
}
