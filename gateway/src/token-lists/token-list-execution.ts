import { randomBytes } from 'node:crypto';
import {
  execute,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { toMarketSource } from '../subscriptions/event-market.js';
import type { HydratedToken, TokenHydrator } from '../subscriptions/token-hydrator.js';
import { collectFields, getTokenSelection, type TokenSelection } from '../subscriptions/token-selection.js';
import type { ListChange, ListEntry } from './token-list-diff.js';

/** One message of a live list, shared by every subscriber of the list on this instance. */
export interface ListMessage {
  /** A snapshot carries the whole list; a change message what changed since the previous message. */
  entries: readonly ListEntry[] | null;
  changes: readonly ListChange[];
  /** When the list was ranked as the message shows it (ISO-8601). */
  at: string;
  /** performance.now() when the ranking (or the subscribe, for a first snapshot) arrived here. */
  receivedAt: number;
  /** Executions by execution key: subscribers with equal operations share one per message. */
  executions: Map<string, Promise<PreparedMessage>>;
}

/** A message executed for one operation, its JSON cut where each subscriber's own `sequence` goes. */
export interface PreparedMessage {
  result: ExecutionResult;
  /** JSON of the result split at the sequence values: join them with a subscriber's sequence. */
  parts: string[];
  /** Response names of `sequence` under the root field (empty: not selected). */
  sequenceNames: readonly string[];
  rootName: string;
}

/** A message as one subscriber receives it: the shared execution with its own sequence. */
export function withSequence(prepared: PreparedMessage, sequence: number): { result: ExecutionResult; json: string } {
  const json = prepared.parts.join(String(sequence));
  const root = prepared.result.data?.[prepared.rootName];
  if (prepared.sequenceNames.length === 0 || typeof root !== 'object' || root === null) {
    return { result: prepared.result, json };
  }
  const own: Record<string, unknown> = { ...root };
  for (const name of prepared.sequenceNames) own[name] = sequence;
  return { result: { ...prepared.result, data: { ...prepared.result.data, [prepared.rootName]: own } }, json };
}

/** Unguessable per process: the JSON string standing for the sequence until a subscriber's is spliced in. */
const SEQUENCE_MARK = `memegraph-sequence-${randomBytes(12).toString('hex')}`;

/** How one subscription operation turns list messages into results. */
export interface ListExecution {
  /** Operation, operation name and variables: subscribers with equal keys get equal results. */
  key: string;
  prepare(message: ListMessage): Promise<PreparedMessage>;
}

/** A field node standing for the merged selections of every `name` field in `selections` (aliases included). */
function mergedField(name: string, fields: readonly FieldNode[]): FieldNode {
  return {
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: fields.filter((f) => f.name.value === name).flatMap((f) => f.selectionSet?.selections ?? []),
    },
  };
}

/**
 * The execution of one tokenListUpdated operation: the tokens under `snapshot` and under `changes { token }`
 * are hydrated with the subscriber's selections (once per distinct selection and token, through the
 * hydrator, market fields answered from the ranked record), the operation is executed over the message,
 * and its JSON is made once, to be shared with a per-subscriber `sequence`.
 */
export function createListExecution(
  args: ExecutionArgs,
  operation: OperationDefinitionNode,
  rootField: FieldNode,
  variables: Record<string, unknown>,
  hydrator: TokenHydrator,
  executionKey: string,
): ListExecution {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fields = collectFields(rootField.selectionSet?.selections ?? [], fragments);
  const selectionOf = (name: string, isToken: boolean): TokenSelection | null =>
    fields.some((f) => f.name.value === name)
      ? getTokenSelection(
          args.schema,
          args.document as DocumentNode,
          operation,
          mergedField(name, fields),
          isToken,
          variables,
          hydrator.keepsMetadata,
        )
      : null;
  const snapshotSelection = selectionOf('snapshot', true);
  const changeSelection = selectionOf('changes', false);
  const sequenceNames = fields.filter((f) => f.name.value === 'sequence').map((f) => f.alias?.value ?? f.name.value);
  const rootName = rootField.alias?.value ?? rootField.name.value;

  const hydrate = async (selection: TokenSelection | null, entry: ListEntry): Promise<HydratedToken> =>
    (selection && (await hydrator.hydrate(selection, entry.token, entry.market))) ?? {
      ...entry.token,
      market: toMarketSource(entry.market),
    };

  const run = async (message: ListMessage): Promise<PreparedMessage> => {
    const [snapshot, changes] = await Promise.all([
      message.entries && Promise.all(message.entries.map((entry) => hydrate(snapshotSelection, entry))),
      Promise.all(
        message.changes.map(async (change) => ({
          kind: change.kind,
          rank: change.rank,
          previousRank: change.previousRank,
          token: await hydrate(changeSelection, change.entry),
        })),
      ),
    ]);
    const result = await execute({
      ...args,
      rootValue: { [rootField.name.value]: { sequence: 0, snapshot, changes, at: message.at } },
      fieldResolver: hydrator.resolveField,
    });
    const root = result.data?.[rootName];
    const marked =
      sequenceNames.length > 0 && typeof root === 'object' && root !== null
        ? {
            ...result,
            data: {
              ...result.data,
              [rootName]: { ...root, ...Object.fromEntries(sequenceNames.map((n) => [n, SEQUENCE_MARK])) },
            },
          }
        : result;
    return { result, parts: JSON.stringify(marked).split(`"${SEQUENCE_MARK}"`), sequenceNames, rootName };
  };

  return {
    key: executionKey,
    prepare(message) {
      let prepared = message.executions.get(executionKey);
      if (!prepared) message.executions.set(executionKey, (prepared = run(message)));
      return prepared;
    },
  };
}
