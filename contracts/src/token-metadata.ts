/**
 * Limits of token metadata, whoever supplies it: the admin's trackToken input (refused beyond them) and
 * tokens market-data discovered (cut or dropped to fit them).
 */
export const TOKEN_METADATA_LIMITS = {
  /** Most characters of a name (after trimming). */
  nameLength: 200,
  /** Most characters of a symbol (after trimming). */
  symbolLength: 50,
  /** Most characters of a link's kind (after trimming). */
  linkKindLength: 50,
  /** Least and most decimals. */
  minDecimals: 0,
  maxDecimals: 36,
} as const;
