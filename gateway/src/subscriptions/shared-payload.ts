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
const serialized = new WeakMap<object, string>();
const PLACEHOLDER_KEY = '__memegraphSharedPayload';
const MARK = `,"payload":{"${PLACEHOLDER_KEY}":`;
const pending = new Map<number, string>();
let nextPlaceholder = 0;

/** Serialises a result once; the result's JSON is what every socket sends for it. */
export function serializeShared(result: ExecutionResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialized.set(result, json);
  }
  return json;
}

/** For graphql-ws `onNext`: a placeholder standing for a shared result's JSON (undefined: not shared). */
export function toPayloadPlaceholder(result: ExecutionResult): FormattedExecutionResult | undefined {
  const json = serialized.get(result);
  if (json === undefined) return undefined;
  const id = nextPlaceholder++;
  pending.set(id, json);
  return { [PLACEHOLDER_KEY]: id } as FormattedExecutionResult;
}

/** For the socket adapter's `send`: the message with its placeholder (if any) replaced by the JSON. */
export function spliceSharedPayload(message: string): string {
  if (!message.endsWith('}}')) return message;
  const at = message.lastIndexOf(MARK);
  if (at < 0) return message;
  const id = Number(message.slice(at + MARK.length, -2));
  const json = pending.get(id);
  if (json === undefined) return message;
  pending.delete(id);
  return `${message.slice(0, at)},"payload":${json}}`;
}

/** Placeholders handed out but not yet sent (0 when every message went out: nothing is retained). */
export const pendingSharedPayloads = (): number => pending.size;
