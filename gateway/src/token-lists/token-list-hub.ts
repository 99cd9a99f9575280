import {
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import {
  Topic,
  TOKEN_LIST_MAX_FIRST,
  toTokenKey,
  toTokenListKey,
  toTokenListSpec,
  type TokenListArgs,
  type TokenListSpec,
  type Topics,
} from '@memegraph/contracts';
import { badInput, type Logger, type PubSubPort, type Unsubscribe } from '@memegraph/infra';
import type { SharedPayloads } from '../subscriptions/shared-payload.js';
import type { SocketBudget } from '../subscriptions/socket-budget.js';
import type { RunQuery, TokenHydrator } from '../subscriptions/token-hydrator.js';
import { LiveTokenList } from './live-token-list.js';
import { createListExecution } from './token-list-execution.js';
import { readTokenListPage, TokenListReadError } from './token-list-snapshot.js';
import { TokenListStream } from './token-list-stream.js';

/** One tokenListUpdated subscribe, as the subscription executor hands it over. */
export interface TokenListSubscribe {
  args: ExecutionArgs;
  operation: OperationDefinitionNode;
  rootField: FieldNode;
  /** The field's coerced arguments. */
  fieldArgs: Record<string, unknown>;
  /** The operation's coerced variables. */
  variables: Record<string, unknown>;
  executionKey: string;
  budget?: SocketBudget;
}

/** The live ranked lists of this gateway instance (Subscription.tokenListUpdated). */
export interface TokenListHub {
  subscribe(request: TokenListSubscribe): ExecutionResult | AsyncIterableIterator<ExecutionResult>;
  readonly subscriberCount: number;
  /** Lists with subscribers here (announced to market-data, which ranks them after each poll batch). */
  demandedLists(): TokenListSpec[];
  /** Counters for /metrics and tests. */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

/** Settings of the live lists (see gateway.config.ts). */
export interface TokenListHubOptions {
  pubsub: PubSubPort<Topics>;
  runQuery: RunQuery;
  hydrator: TokenHydrator;
  sharedPayloads: SharedPayloads;
  /** SUBSCRIPTION_LIST_WINDOW_MS: at most one change message per list per window. */
  windowMs: number;
  /** SUBSCRIPTION_LIST_MAX_QUEUED: messages one subscriber may have waiting before it is resynced. */
  maxQueued: number;
  log: Logger;
  onDelivered?: (seconds: number) => void;
}

/**
 * Serves tokenListUpdated. A list is ranked by market-data, once per poll batch for everyone subscribed
 * to it on any instance (`list.ranked`); this instance keeps each list its subscribers have, diffs each
 * ranking against it, and fans one change message out to the list's subscribers, each numbering its own
 * messages. A list new on this instance gets its first snapshot from one Query.tokens execution, shared
 * by every subscriber that joins before it answers (unless a ranking arrives first); later joins and
 * resyncs are answered from the list held here, without a query.
 */
export async function createTokenListHub(options: TokenListHubOptions): Promise<TokenListHub> {
  const { pubsub, runQuery, hydrator, sharedPayloads, log, onDelivered = () => undefined } = options;
  const lists = new Map<string, LiveTokenList>();
  let subscriberCount = 0;
  const counters = { rankings_received: 0, snapshot_queries: 0, messages: 0, resyncs: 0 };

  const unsubscribe: Unsubscribe = await pubsub.subscribe(Topic.LIST_RANKED, (event) => {
    const list = lists.get(event.list);
    if (!list) return;
    counters.rankings_received += 1;
    const entries = event.entries.map(({ chain, address, market }) => ({
      key: toTokenKey(chain, address),
      token: { chain, address },
      market,
    }));
    list.receive(entries, event.at);
  });

  const announce = (spec: TokenListSpec) =>
    pubsub.publish(Topic.DEMAND_LISTS, { lists: [spec] }).catch((error: Error) => {
      log.warn({ err: error.message }, 'list demand not announced (the periodic announcement follows)');
    });

  const open = (key: string, spec: TokenListSpec): LiveTokenList => {
    const list = new LiveTokenList(key, spec, options.windowMs, () => (counters.messages += 1));
    lists.set(key, list);
    void announce(spec);
    counters.snapshot_queries += 1;
    readTokenListPage(runQuery, spec).then(
      (entries) => {
        if (lists.get(key) === list && !list.isReady) list.receive(entries, new Date().toISOString());
      },
      (error: unknown) => {
        // A ranking came first: its subscribers have their snapshot and the list lives on; forgetting it now
        // would stop its rankings (and its demand) while they stay connected, hearing nothing.
        if (lists.get(key) !== list || list.isReady) {
          log.warn({ err: error }, 'live list snapshot query failed after a ranking arrived (ignored)');
          return;
        }
        const errors =
          error instanceof TokenListReadError
            ? error.errors.map((e) => (e instanceof GraphQLError ? e : toGraphQLError(e)))
            : [new GraphQLError('The list could not be read; subscribe again.')];
        if (!(error instanceof TokenListReadError)) log.warn({ err: error }, 'live list snapshot failed');
        list.failWaiting((stream) => stream.fail({ errors }));
        // Forgotten at once: whoever subscribes next asks again rather than waiting on a list never read.
        close(list);
      },
    );
    return list;
  };

  const close = (list: LiveTokenList) => {
    list.close();
    if (lists.get(list.key) === list) lists.delete(list.key);
  };

  return {
    subscribe(request) {
      const { first } = request.fieldArgs as TokenListArgs;
      if (
        first !== undefined &&
        first !== null &&
        (!Number.isInteger(first) || first < 1 || first > TOKEN_LIST_MAX_FIRST)
      )
        return { errors: [badInput('first', `must be an integer from 1 to ${TOKEN_LIST_MAX_FIRST}, got ${first}`)] };
      const spec = toTokenListSpec(request.fieldArgs as TokenListArgs);
      const key = toTokenListKey(spec);
      const list = lists.get(key) ?? open(key, spec);
      const execution = createListExecution(
        request.args,
        request.operation,
        request.rootField,
        request.variables,
        hydrator,
        request.executionKey,
      );
      const stream: TokenListStream = new TokenListStream({
        maxQueued: options.maxQueued,
        prepare: (message) => execution.prepare(message),
        snapshot: () => list.snapshot(),
        sharedPayloads,
        budget: request.budget,
        onResync: () => (counters.resyncs += 1),
        onSent: onDelivered,
        onReturn: () => {
          list.leave(stream);
          subscriberCount -= 1;
          if (list.streams.size === 0) close(list);
        },
      });
      subscriberCount += 1;
      list.join(stream);
      return stream;
    },
    get subscriberCount() {
      return subscriberCount;
    },
    demandedLists: () => [...lists.values()].map((list) => list.spec),
    stats: () => ({ ...counters, lists: lists.size }),
    async close() {
      for (const list of lists.values()) list.close();
      await unsubscribe();
    },
  };
}

/** An error of the gateway's own query result (formatted JSON) as a GraphQLError with its code. */
function toGraphQLError(error: unknown): GraphQLError {
  const e = (error ?? {}) as { message?: string; extensions?: Record<string, unknown> };
  return new GraphQLError(e.message ?? 'Query.tokens failed', { extensions: e.extensions });
}
