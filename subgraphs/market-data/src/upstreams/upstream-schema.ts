/**
 * Parsing primitives every upstream body schema (`*.schema.ts`) shares. The HTTP client
 * (upstream-client.ts) only runs the parsers: schemas do not depend on it.
 */
import { z } from 'zod';

/**
 * A decimal string (GeckoTerminal, DexScreener prices) as a number. The pattern refuses "" and " ", which
 * `Number()` would turn into 0; tiny values such as "0.00000000123398765432" keep all the precision a double has.
 */
export const decimalString = z
  .string()
  .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, 'expected a decimal string')
  .transform(Number)
  .pipe(z.number().finite());

/** Validates each item on its own: valid ones are kept, the rest dropped and counted (one bad item is not fatal). */
export function parseItems<S extends z.ZodType>(
  items: readonly unknown[],
  schema: S,
): { items: z.output<S>[]; dropped: number } {
  const valid: z.output<S>[] = [];
  for (const item of items) {
    const result = schema.safeParse(item);
    if (result.success) valid.push(result.data);
  }
  return { items: valid, dropped: items.length - valid.length };
}

/** Canonical address: Solana base58 is case-sensitive and kept as given, EVM hex is lower-cased (a contract). */
export { toAddressCase as toCanonicalAddress } from '@memegraph/contracts';
