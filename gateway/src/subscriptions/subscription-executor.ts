import {
  execute,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  print,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { TopicName, TopicPayload, Topics } from '@memegraph/contracts';
import type { PubSubPort, Unsubscribe } from '@memegraph/infra';
import type { TokenListHub } from '../token-lists/token-list-hub.js';
import type { SocketBudget } from './socket-budget.js';
import { SubscriberIndex, type SubscriberScope } from './subscriber-index.js';
import type { SharedPayloads } from './shared-payload.js';
import { SubscriberStream, type QueuedResult } from './subscriber-stream.js';
import { subscriptionFields, type SubscriptionField, type TokenEvent } from './subscription-fields.js';
import type { HydratedToken, TokenHydrator } from './token-hydrator.js';
import { getTokenSelection, withSnapshotMarket, type TokenSelection } from './token-selection.js';

/** Context of a subscription operation: the socket's budget bounds what it may queue. */
export interface SubscriptionContext {
  budget?: SocketBudget;
}

interface Subscriber {
  args: Record<string, unknown>;
  selection: TokenSelection;
  /** Operation, operation name and variables: subscribers with equal keys get equal results for an event. */
  executionKey: string;
  /** Executes this subscriber's operation over one event's payload (no side effects: shareable). */
  execute(payload: Record<string, unknown> | HydratedToken, receivedAt: number): Promise<QueuedResult>;
  /** Queues one event's executed result (null: nothing to send) for delivery, within the socket's budget. */
  deliver(executed: Promise<QueuedResult | null>): void;
}

/** Executes the gateway's Subscription fields from pub/sub events. */
export interface SubscriptionExecutor {
  /** graphql-ws `subscribe`: an async iterator of results for one subscription operation. */
  subscribe(args: ExecutionArgs): ExecutionResult | AsyncIterableIterator<ExecutionResult>;
  /** Open subscriptions on this instance. */
  readonly subscriberCount: number;
  /** Tokens (`CHAIN:address`) that subscribers on this instance named. */
  subscribedTokens(): string[];
  close(): Promise<void>;
}

/** Printed once per document: operations over graphql-ws share their parsed document (operation-cache.ts). */
const printedDocuments = new WeakMap<DocumentNode, string>();
function documentKey(document: DocumentNode): string {
  let printed = printedDocuments.get(document);
  if (printed === undefined) printedDocuments.set(document, (printed = print(document)));
  return printed;
}

/** The Subscription field the token-list hub serves. */
const TOKEN_LIST_FIELD = 'tokenListUpdated';

const failure = (message: string): ExecutionResult => ({ errors: [new GraphQLError(message)] });

/**
 * Subscribes once per topic for the whole instance and fans each event out to the local subscribers
 * whose scope and filter match (through an index by token), hydrating the token once per distinct
 * selection, then executing each subscriber's operation over the hydrated event.
 */
export async function createSubscriptionExecutor(options: {
  pubsub: PubSubPort<Topics>;
  hydrator: TokenHydrator;
  /** Where each executed result is serialised once for every socket that sends it. */
  sharedPayloads: SharedPayloads;
  /** Seconds from an event's arrival (or a snapshot's subscribe) to its result being handed to the socket. */
  onDelivered?: (seconds: number) => void;
  /** Serves tokenListUpdated (its events are whole rankings, not per-token events). */
  lists?: TokenListHub;
}): Promise<SubscriptionExecutor> {
  const { pubsub, hydrator, sharedPayloads, lists, onDelivered = () => undefined } = options;
  const indexes = new Map<SubscriptionField, SubscriberIndex<Subscriber>>();
  let subscriberCount = 0;

  // The port checked the payload against the topic's schema (a malformed event was dropped and logged there).
  const dispatch = (field: SubscriptionField, index: SubscriberIndex<Subscriber>, payload: TopicPayload<TopicName>) => {
    const receivedAt = performance.now();
    const event = field.toEvent(payload);
    // Subscribers with equal operations share one execution (and its serialised size) per event.
    const executions = new Map<string, Promise<QueuedResult | null>>();
    for (const subscriber of index.match(event.token.chain, event.token.address)) {
      if (!field.accepts(subscriber.args, event)) continue;
      let executed = executions.get(subscriber.executionKey);
      if (!executed) {
        // Subscribers with equal selections get the same promise: one hydration per event and selection.
        const token = hydrator.hydrate(subscriber.selection, event.token, event.market);
        executed = token.then(
          (hydrated) => hydrated && subscriber.execute(toPayload(field, event, hydrated), receivedAt),
        );
        executions.set(subscriber.executionKey, executed);
      }
      subscriber.deliver(executed);
    }
  };

  const unsubscribes: Unsubscribe[] = [];
  for (const field of Object.values(subscriptionFields)) {
    const index = new SubscriberIndex<Subscriber>();
    indexes.set(field, index);
    unsubscribes.push(await pubsub.subscribe(field.topic, (payload) => dispatch(field, index, payload)));
  }

  function subscribe(args: ExecutionArgs): ExecutionResult | AsyncIterableIterator<ExecutionResult> {
    const operation = getOperationAST(args.document, args.operationName);
    const rootField = operation?.selectionSet.selections[0];
    if (!operation || rootField?.kind !== Kind.FIELD) return failure('Select the subscription field directly.');
    const field = subscriptionFields[rootField.name.value];
    const fieldDef = args.schema.getSubscriptionType()?.getFields()[rootField.name.value];
    const isList = rootField.name.value === TOKEN_LIST_FIELD && lists !== undefined;
    if ((!field && !isList) || !fieldDef) return failure(`Unknown subscription field ${rootField.name.value}.`);
    const variables = getVariableValues(
      args.schema,
      operation.variableDefinitions ?? [],
      (args.variableValues ?? {}) as Record<string, unknown>,
    );
    if (variables.errors) return { errors: variables.errors };
    const fieldArgs = getArgumentValues(fieldDef, rootField, variables.coerced);
    const budget = (args.contextValue as SubscriptionContext | undefined)?.budget;
    const executionKey = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}\n${documentKey(args.document)}`;
    // Only tokenListUpdated has no per-token field (checked above).
    if (!field) {
      const request = { args, operation, rootField, fieldArgs, variables: variables.coerced, executionKey, budget };
      return lists!.subscribe(request);
    }
    const selection = getTokenSelection(
      args.schema,
      args.document,
      operation,
      rootField,
      field.isToken,
      variables.coerced,
      hydrator.keepsMetadata,
    );
    const index = indexes.get(field)!;
    const scope: SubscriberScope = field.getScope(fieldArgs);

    const stream = new SubscriberStream(
      (queued) => !budget || budget.reserve(queued.bytes),
      (queued) => budget?.release(queued.bytes),
      () => {
        index.remove(subscriber, scope);
        subscriberCount -= 1;
      },
      (sent) => onDelivered((performance.now() - sent.receivedAt) / 1000),
    );
    const subscriber: Subscriber = {
      args: fieldArgs,
      selection,
      executionKey,
      execute: async (payload, receivedAt) => {
        const result = await execute({
          ...args,
          rootValue: { [rootField.name.value]: payload },
          fieldResolver: hydrator.resolveField,
        });
        return { result, bytes: Buffer.byteLength(sharedPayloads.serialize(result)), receivedAt };
      },
      deliver: (executed) => stream.push(executed),
    };

    // Snapshot first: queued before the subscriber joins the index, so every later delta comes after it.
    const { toSnapshot } = field;
    const subscribedAt = performance.now();
    if (toSnapshot && scope.kind === 'tokens' && scope.chain) {
      const snapshotSelection = withSnapshotMarket(selection);
      for (const address of new Set(scope.addresses)) {
        const token = hydrator.hydrate(snapshotSelection, { chain: scope.chain, address });
        subscriber.deliver(
          token
            .then((hydrated) => toSnapshot(hydrated))
            .then((payload) => payload && subscriber.execute(payload, subscribedAt)),
        );
      }
    }
    index.add(subscriber, scope);
    subscriberCount += 1;
    return stream;
  }

  return {
    subscribe,
    get subscriberCount() {
      return subscriberCount + (lists?.subscriberCount ?? 0);
    },
    subscribedTokens: () => [...new Set([...indexes.values()].flatMap((index) => index.tokenKeys()))],
    async close() {
      await Promise.all([...unsubscribes.map((unsubscribe) => unsubscribe()), lists?.close()]);
    },
  };
}

/** The root value of one event: the event itself with its token replaced by the hydrated one. */
function toPayload(field: SubscriptionField, event: TokenEvent, token: HydratedToken): Record<string, unknown> {
  return field.isToken ? token : { ...event, token };
}
