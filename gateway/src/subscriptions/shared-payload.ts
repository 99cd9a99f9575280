import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

/*
 * One event's result is the same object for every subscriber with the same operation, so its JSON is
 * produced once and spliced into each socket's `next` message, instead of graphql-ws serialising the
 * whole payload again for every socket (it was 10 % of the gateway's CPU at 10,000 subscribers).
 *
 * graphql-ws builds each message as `{"id":…,"type":"next","payload":…}` from what `onNext` returns; for a
 * shared result `onNext` returns a placeholder `{"<key>":n}` and the socket adapter's `send` replaces it
 * with the stored JSON. The placeholder can only be the payload's first key right after `"payload":`,
 * where a real result has `data` or `errors`, so no client data can be mistaken for it.
 */
const PLACEHOLDER_KEY = '__memegraphSharedPayload';
const MARK = `,"payload":{"${PLACEHOLDER_KEY}":`;

/**
 * The link between the three places a shared result passes: the executor serialises it, graphql-ws's
 * `onNext` hands out a placeholder for it, the socket adapter's `send` splices its JSON in. One registry
 * per subscription server, created by the composition root and passed to each of them.
 */
export interface SharedPayloads {
  /** Serialises a result once; the result's JSON is what every socket sends for it. */
  serialize(result: ExecutionResult): string;
  /** Registers a result's JSON made elsewhere (e.g. spliced from a shared one), to be sent as is. */
  adopt(result: ExecutionResult, json: string): void;
  /** For graphql-ws `onNext`: a placeholder standing for a shared result's JSON (undefined: not shared). */
  toPlaceholder(result: ExecutionResult): FormattedExecutionResult | undefined;
  /** For the socket adapter's `send`: the message with its placeholder (if any) replaced by the JSON. */
  splice(message: string): string;
  /** Placeholders handed out but not yet sent (0 when every message went out: nothing is retained). */
  readonly pending: number;
}

/** A registry of shared payloads (see {@link SharedPayloads}). */
export function createSharedPayloads(): SharedPayloads {
  const serialized = new WeakMap<object, string>();
  const pending = new Map<number, string>();
  let nextPlaceholder = 0;
  return {
    serialize(result) {
      let json = serialized.get(result);
      if (json === undefined) {
        json = JSON.stringify(result);
        serialized.set(result, json);
      }
      return json;
    },
    adopt(result, json) {
      serialized.set(result, json);
    },
    toPlaceholder(result) {
      const json = serialized.get(result);
      if (json === undefined) return undefined;
      const id = nextPlaceholder++;
      pending.set(id, json);
      return { [PLACEHOLDER_KEY]: id } as FormattedExecutionResult;
    },
    splice(message) {
      if (!message.endsWith('}}')) return message;
      const at = message.lastIndexOf(MARK);
      if (at < 0) return message;
      const id = Number(message.slice(at + MARK.length, -2));
      const json = pending.get(id);
      if (json === undefined) return message;
      pending.delete(id);
      return `${message.slice(0, at)},"payload":${json}}`;
    },
    get pending() {
      return pending.size;
    },
  };
}
