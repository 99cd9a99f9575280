import { createHash } from 'node:crypto';
import { EVENT_MARKET_FIELDS, EVENT_MARKET_WINDOWED_FIELDS } from './event-market.js';
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

/** Part of a token selection, printed so equal parts share one hydration. */
export interface SelectionPart {
  /** Printed selection plus the fragments it uses; equal keys hydrate once. */
  key: string;
  /** SHA-256 of `key`: a fixed-size name for what is kept per token (a printed selection may be huge). */
  id: string;
  /** The selection, printed with variables replaced by their values. */
  selection: string;
  /** Printed fragment definitions the selection uses. */
  fragments: string;
}

/** What a subscriber selects under its token, split by how long a hydrated value stays true. */
export interface TokenSelection {
  /** False when the selection asks only for what the event carries (chain, address, __typename). */
  needsHydration: boolean;
  /** Fields no event changes (the token's metadata): hydrated once per token and kept for a few seconds. */
  metadata: SelectionPart | null;
  /** Fields that may change with any event (market, pools, history, candles…): hydrated for every event. */
  perEvent: SelectionPart | null;
  /**
   * For events that carry the token's market record (`price.updated`): the response names of the top-level
   * `market` fields answered from it, and the per-event part still to hydrate without them (null: nothing).
   * Null or absent when no market field can be answered from an event.
   */
  fromEvent?: { marketNames: string[]; perEvent: SelectionPart | null } | null;
}

const CARRIED = new Set(['chain', 'address', '__typename']);

/**
 * Token fields whose value no price, volume or discovery event changes: the tokens subgraph's metadata,
 * written by admins or on discovery. Anything not listed (market, pools, history7d, candles, and any field
 * added later) is hydrated per event, so a new field is never cached by mistake.
 */
const METADATA_FIELDS = new Set([
  ...CARRIED,
  'name',
  'symbol',
  'decimals',
  'imageUrl',
  'links',
  'firstSeenAt',
  'tracked',
]);

/** Field alias under which a snapshot asks for the current market value next to the subscriber's selection. */
export const SNAPSHOT_MARKET_ALIAS = 'memegraphSnapshotMarket';

/** Adds the current market value to a selection's per-event part (for snapshot-on-subscribe). */
export const withSnapshotMarket = (selection: TokenSelection): TokenSelection => {
  const extra = `${SNAPSHOT_MARKET_ALIAS}: market { priceUsd updatedAt }`;
  const { perEvent } = selection;
  return {
    needsHydration: true,
    metadata: selection.metadata,
    perEvent: perEvent ? toPart(`${perEvent.selection} ${extra}`, perEvent.fragments) : toPart(extra, ''),
    fromEvent: null,
  };
};

const toPart = (selection: string, fragments: string): SelectionPart => {
  const key = `${selection}\n${fragments}`;
  return { key, id: createHash('sha256').update(key).digest('base64url'), selection, fragments };
};

/** The hydration query for one selection part: tokensByAddress planned by the gateway like any client query. */
export const toHydrationQuery = (part: SelectionPart): string =>
  `query TokenHydration($chain: Chain!, $addresses: [String!]!) { tokensByAddress(chain: $chain, addresses: $addresses) { ${part.selection} } } ${part.fragments}`.trim();

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
  /** False when metadata fields are not kept: then one query for the whole selection is cheaper than two. */
  splitMetadata = true,
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

  const printPart = (nodes: readonly SelectionNode[]): SelectionPart | null => {
    if (nodes.length === 0) return null;
    const used = new Set<string>();
    const addUsed = (within: readonly ASTNode[]) => {
      for (const node of within) {
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
    addUsed(nodes);
    const selection = nodes.map((node) => print(inline(node))).join(' ');
    const printedFragments = [...used]
      .sort()
      .map((name) => print(inline(fragments.get(name)!)))
      .join(' ');
    return toPart(selection, printedFragments);
  };

  const fieldsOf = (nodes: readonly SelectionNode[]) => collectFields(nodes, fragments);
  const needsHydration = fieldsOf(selections).some((field) => !CARRIED.has(field.name.value));
  // A top-level selection (field, or fragment with all its fields) belongs to the metadata part when every field it holds is metadata.
  const metadata = selections.filter((node) =>
    fieldsOf([node]).every((field) => METADATA_FIELDS.has(field.name.value)),
  );
  const perEvent = selections.filter((node) => !metadata.includes(node));
  const responseNames = (nodes: readonly SelectionNode[]) =>
    new Set(fieldsOf(nodes).map((field) => field.alias?.value ?? field.name.value));
  const perEventNames = responseNames(perEvent);
  const split =
    splitMetadata &&
    // Merging two hydrated objects is only sound when no response name comes from both parts.
    ![...responseNames(metadata)].some((name) => perEventNames.has(name)) &&
    // A metadata part of carried fields only is not worth a query of its own.
    fieldsOf(metadata).some((field) => !CARRIED.has(field.name.value));
  // Top-level market fields selecting only what a price event carries, for live windows only.
  const isCarried = (nodes: readonly SelectionNode[]): boolean =>
    fieldsOf(nodes).every((field) => {
      if (!EVENT_MARKET_FIELDS.has(field.name.value)) return false;
      if (EVENT_MARKET_WINDOWED_FIELDS.has(field.name.value)) {
        const window = inline(field).arguments?.find((arg) => arg.name.value === 'window')?.value;
        if (window?.kind !== Kind.ENUM || window.value === 'D7') return false;
      }
      return !field.selectionSet || isCarried(field.selectionSet.selections);
    });
  const marketFromEvent = selections.filter(
    (node) =>
      node.kind === Kind.FIELD &&
      node.name.value === 'market' &&
      node.selectionSet !== undefined &&
      isCarried(node.selectionSet.selections),
  );
  const hydrated = split ? perEvent : selections;
  const rest = hydrated.filter((node) => !marketFromEvent.includes(node));
  const fromEvent =
    marketFromEvent.length === 0
      ? null
      : {
          marketNames: [...responseNames(marketFromEvent)],
          perEvent: fieldsOf(rest).some((field) => !CARRIED.has(field.name.value)) ? printPart(rest) : null,
        };
  return split
    ? { needsHydration, metadata: printPart(metadata), perEvent: printPart(perEvent), fromEvent }
    : { needsHydration, metadata: null, perEvent: printPart(selections), fromEvent };
}

/** Fields of a selection set, looking through inline fragments and fragment spreads (one level of fields). */
export function collectFields(
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
