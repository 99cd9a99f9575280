import { getNullableType, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** Arguments that bound how many items a field returns (`first` also pages TokenConnection). */
const SIZE_ARGUMENTS = ['first', 'limit'] as const;

/**
 * Lists already bounded by their parent's `first`, counted on the parent: a connection's `edges`, and a
 * live list's (TokenListUpdate) `snapshot` and `changes` (at most `first` tokens entering plus as many
 * leaving; counted as the query counts its page). Without this, the list would be counted twice.
 */
const BOUNDED_BY_PARENT: ReadonlySet<string> = new Set(['edges', 'snapshot', 'changes']);

/**
 * The items a field may return: its `first`/`limit` argument (the schema's default when omitted; coerced
 * by graphql-query-complexity from literals and variables), else the number of `addresses` asked for,
 * else `defaultListSize` for a list (except those {@link BOUNDED_BY_PARENT}) and 1 for a single value.
 */
function getListSize(name: string, args: Record<string, unknown>, isList: boolean, defaultListSize: number): number {
  for (const name of SIZE_ARGUMENTS) {
    const value = args[name];
    // Negative or zero sizes are refused by the subgraphs' own validation; they cost nothing here.
    if (typeof value === 'number') return Math.max(0, value);
  }
  if (Array.isArray(args.addresses)) return args.addresses.length;
  return isList && !BOUNDED_BY_PARENT.has(name) ? defaultListSize : 1;
}

/**
 * Every field costs 1, and its selection counts once per item the field may return. Introspection
 * (`__schema`, `__type`, `__typename`) costs nothing: GATEWAY_INTROSPECTION governs it.
 */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) =>
    field.name.startsWith('__')
      ? 0
      : 1 + childComplexity * getListSize(field.name, args, isListType(getNullableType(field.type)), defaultListSize);
}

/**
 * The cost of the operation `operationName` of a validated document with these variables. Throws a
 * GraphQLError when the variables do not fit the operation's variable definitions.
 */
export function getQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  defaultListSize: number,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [listSizeEstimator(defaultListSize)],
  });
}
