import {
  astFromValue,
  Kind,
  print,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from 'graphql';

/** What a subscriber selects under its token, printed so equal selections share one hydration. */
export interface TokenSelection {
  /** Printed selection plus the fragments it uses; equal keys hydrate once. */
  key: string;
  /** The selection, printed with variables replaced by their values. */
  selection: string;
  /** Printed fragment definitions the selection uses. */
  fragments: string;
  /** False when the selection asks only for what the event carries (chain, address, __typename). */
  needsHydration: boolean;
}

const CARRIED = new Set(['chain', 'address', '__typename']);

/** Field alias under which a snapshot asks for the current market value next to the subscriber's selection. */
export const SNAPSHOT_MARKET_ALIAS = 'memegraphSnapshotMarket';

/** Adds the current market value to a selection (for snapshot-on-subscribe). */
export const withSnapshotMarket = (selection: TokenSelection): TokenSelection => {
  const extra = `${SNAPSHOT_MARKET_ALIAS}: market { priceUsd updatedAt }`;
  return {
    key: `${selection.key}\n${extra}`,
    selection: `${selection.selection} ${extra}`,
    fragments: selection.fragments,
    needsHydration: true,
  };
};

/** The hydration query for one selection: tokensByAddress planned by the gateway like any client query. */
export const toHydrationQuery = (selection: TokenSelection): string =>
  `query TokenHydration($chain: Chain!, $addresses: [String!]!) { tokensByAddress(chain: $chain, addresses: $addresses) { ${selection.selection} } } ${selection.fragments}`.trim();

/**
 * Extracts what the subscriber selects under the token of its root field (`rootField` itself when the
 * field's type is Token). Variables are inlined so the hydration query stands alone and equal selections
 * with equal values share one key.
 */
export function getTokenSelection(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rootField: FieldNode,
  isToken: boolean,
  variables: Record<string, unknown>,
): TokenSelection {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const variableTypes = new Map<string, GraphQLInputType | undefined>();
  for (const definition of operation.variableDefinitions ?? []) {
    variableTypes.set(definition.variable.name.value, typeFromAST(schema, definition.type) as GraphQLInputType);
  }
  const inline = <T extends ASTNode>(node: T): T =>
    visit(node, {
      Variable(variable) {
        const type = variableTypes.get(variable.name.value);
        const value = type ? astFromValue(variables[variable.name.value], type) : null;
        return value ?? { kind: Kind.NULL };
      },
    });

  const selections: SelectionNode[] = isToken
    ? [...(rootField.selectionSet?.selections ?? [])]
    : collectFields(rootField.selectionSet?.selections ?? [], fragments)
        .filter((field) => field.name.value === 'token')
        .flatMap((field) => field.selectionSet?.selections ?? []);

  const used = new Set<string>();
  const addUsed = (nodes: readonly ASTNode[]) => {
    for (const node of nodes) {
      visit(node, {
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !used.has(spread.name.value)) {
            used.add(spread.name.value);
            addUsed([fragment]);
          }
        },
      });
    }
  };
  addUsed(selections);

  const selection = selections.map((node) => print(inline(node))).join(' ');
  const printedFragments = [...used]
    .sort()
    .map((name) => print(inline(fragments.get(name)!)))
    .join(' ');
  const needsHydration = collectFields(selections, fragments).some((field) => !CARRIED.has(field.name.value));
  return { key: `${selection}\n${printedFragments}`, selection, fragments: printedFragments, needsHydration };
}

/** Fields of a selection set, looking through inline fragments and fragment spreads (one level of fields). */
function collectFields(
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): FieldNode[] {
  return selections.flatMap((selection): FieldNode[] => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT)
      return collectFields(selection.selectionSet.selections, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return collectFields(fragment.selectionSet.selections, fragments, seen);
  });
}
