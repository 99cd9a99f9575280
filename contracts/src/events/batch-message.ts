import { z } from 'zod';

/** Most items one batch message may carry. */
export const MAX_ITEMS_PER_MESSAGE = 1000;

/** A batch message as it arrives: its valid items, and an account of the invalid ones (null when none). */
export interface ParsedBatch<T> {
  items: T[];
  problem: string | null;
}

/**
 * Parses a message of one item or an array of 1-1000 items, item by item: the valid items, and a short
 * account of the invalid ones (paths start with the item's index), null when every item is valid.
 */
export function parseMessage<S extends z.ZodType>(item: S, payload: unknown): ParsedBatch<z.output<S>> {
  const list: unknown[] = Array.isArray(payload) ? payload : [payload];
  if (list.length === 0 || list.length > MAX_ITEMS_PER_MESSAGE) {
    return { items: [], problem: `expected 1-${MAX_ITEMS_PER_MESSAGE} items, got ${list.length}` };
  }
  const items: z.output<S>[] = [];
  const problems: string[] = [];
  list.forEach((value, index) => {
    const parsed = item.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else problems.push(...parsed.error.issues.map((i) => `${[index, ...i.path].join('.')}: ${i.message}`));
  });
  const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
  return { items, problem: problems.length === 0 ? null : problems.slice(0, 5).join('; ') + more };
}

/**
 * Schema of a batch message: a producer sends one item or an array of them; a consumer receives the
 * {@link ParsedBatch}. One bad item must not cost the others, so the message itself always parses and the
 * consumer decides what to do with `problem` (the tokens subgraph dead-letters the message for inspection
 * while using its valid items).
 */
export const batchOf = <S extends z.ZodType>(item: S) =>
  z.custom<z.input<S> | z.input<S>[]>().transform((payload) => parseMessage(item, payload));
