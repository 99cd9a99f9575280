import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/** A parsed and validated operation, or why it was refused. */
export type PreparedOperation = { document: DocumentNode } | { errors: readonly GraphQLError[] };

/** Parses and validates operations sent over graphql-ws, once per distinct query text. */
export interface OperationCache {
  prepare(schema: GraphQLSchema, query: string): PreparedOperation;
  readonly size: number;
}

/**
 * Thousands of clients subscribe with the same few operations: parsing and validating each one again
 * was most of the gateway's CPU while 10,000 clients subscribed, and every subscriber kept its own AST.
 * Documents are kept per query text (least recently used out past `maxEntries`); refusals are cached
 * too, since a client retrying a bad query is no cheaper to refuse the second time. A new schema
 * empties the cache.
 */
export function createOperationCache(
  maxEntries: number,
  options: {
    /** Parser to use (e.g. with a token limit); it throws a GraphQLError to refuse. Default: graphql's. */
    parse?: (query: string) => DocumentNode;
  } = {},
): OperationCache {
  const parseQuery = options.parse ?? ((query: string) => parse(query));
  const entries = new Map<string, PreparedOperation>();
  let cachedFor: GraphQLSchema | undefined;

  const compile = (schema: GraphQLSchema, query: string): PreparedOperation => {
    let document: DocumentNode;
    try {
      document = parseQuery(query);
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))] };
    }
    const errors = validate(schema, document);
    if (errors.length > 0) return { errors };
    return { document };
  };

  return {
    prepare(schema, query) {
      if (schema !== cachedFor) {
        entries.clear();
        cachedFor = schema;
      }
      let prepared = entries.get(query);
      if (prepared) {
        entries.delete(query); // re-inserted below: most recently used last
      } else {
        prepared = compile(schema, query);
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      }
      entries.set(query, prepared);
      return prepared;
    },
    get size() {
      return entries.size;
    },
  };
}
