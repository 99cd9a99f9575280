import type { GraphQLRequestError } from './errors.js';
import type { TypedDocument } from './http-client.js';
import type { SubscriptionClient } from './ws-client.js';

/** What a row needs for the list to follow it: the token's key. */
export interface ListedToken {
  chain: string;
  address: string;
}

/** One change of a live list, as `tokenListUpdated` sends it. */
export interface TokenListChange<T extends ListedToken> {
  kind: 'ENTERED' | 'LEFT' | 'MOVED' | 'UPDATED';
  token: T;
  rank?: number | null;
  previousRank?: number | null;
}

/** One message of `tokenListUpdated`. */
export interface TokenListMessage<T extends ListedToken> {
  sequence: number;
  snapshot?: T[] | null;
  changes: TokenListChange<T>[];
}

/** A live list as the client holds it: rows in rank order, and the sequence of the last message applied. */
export interface TokenListState<T extends ListedToken> {
  sequence: number;
  rows: T[];
}

/** What applying a message gives: the new state, or `gap` when the client must resync (resubscribe). */
export type TokenListStep<T extends ListedToken> = { state: TokenListState<T> } | { gap: true };

const keyOf = (token: ListedToken) => `${token.chain}:${token.address}`;

/**
 * Applies one message of `tokenListUpdated` to the list. A snapshot replaces the list whatever came before
 * (the first message, a server-side resync, a resubscription). Changes apply only to the message right
 * before them (`sequence` + 1): without a list yet, or after a missing message, it answers `gap` and the
 * caller resubscribes for a new snapshot rather than show a list that silently diverged.
 */
export function applyTokenListMessage<T extends ListedToken>(
  state: TokenListState<T> | undefined,
  message: TokenListMessage<T>,
): TokenListStep<T> {
  if (message.snapshot) return { state: { sequence: message.sequence, rows: [...message.snapshot] } };
  if (!state || message.sequence !== state.sequence + 1) return { gap: true };
  const changed = new Set(message.changes.map((change) => keyOf(change.token)));
  const rows = state.rows.filter((row) => !changed.has(keyOf(row)));
  const placed = message.changes
    .filter((change) => change.kind !== 'LEFT' && typeof change.rank === 'number')
    .sort((a, b) => a.rank! - b.rank!);
  // Ascending final ranks into the unchanged rows (whose order no change alters) land each at its rank.
  for (const change of placed) rows.splice(Math.min(change.rank! - 1, rows.length), 0, change.token);
  return { state: { sequence: message.sequence, rows } };
}

/** What {@link watchTokenList} tells its listener. */
export interface TokenListListener<T extends ListedToken> {
  /** The list after each message, and that message's changes (empty for a snapshot). */
  next(rows: T[], changes: TokenListChange<T>[]): void;
  /** Told each time a gap made it resubscribe. */
  resync?(): void;
  error?(error: GraphQLRequestError): void;
}

/**
 * Follows a live ranked list: subscribes to `document` (a `tokenListUpdated` operation), applies each
 * message by `sequence`, and resubscribes for a fresh snapshot on a gap. Returns the function that stops it.
 */
export function watchTokenList<T extends ListedToken, TVariables>(
  client: SubscriptionClient,
  document: TypedDocument<{ tokenListUpdated: TokenListMessage<T> }, TVariables>,
  variables: TVariables,
  listener: TokenListListener<T>,
): () => void {
  let state: TokenListState<T> | undefined;
  let stop: () => void = () => {};
  let stopped = false;
  const start = () => {
    state = undefined;
    stop = client.subscribe(document, variables, {
      next: ({ tokenListUpdated: message }) => {
        const step = applyTokenListMessage(state, message);
        if ('gap' in step) {
          stop();
          listener.resync?.();
          if (!stopped) start();
          return;
        }
        state = step.state;
        listener.next(state.rows, message.snapshot ? [] : message.changes);
      },
      error: (error) => listener.error?.(error),
    });
  };
  start();
  return () => {
    stopped = true;
    stop();
  };
}
