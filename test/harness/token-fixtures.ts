const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A valid, fictional 44-character Solana address unique for `i` (contains "Examp1e" like the upstream fixtures). */
export function fakeSolanaAddress(i: number, tag = 'Examp1e'): string {
  let n = i;
  let digits = '';
  do {
    digits = BASE58[n % 58] + digits;
    n = Math.floor(n / 58);
  } while (n > 0);
  return `${tag}${digits.padStart(44 - tag.length, 'z')}`;
}

/** SQL that inserts `count` tokens (symbol T<i>, name "Test token <i>") in one statement. */
export function insertTokensSql(count: number, offset = 0, tracked = false): { sql: string; params: unknown[] } {
  const addresses = Array.from({ length: count }, (_, i) => fakeSolanaAddress(offset + i));
  return {
    sql: `INSERT INTO tokens (chain, address, name, symbol, tracked)
          SELECT 'SOLANA', a, 'Test token ' || (n + $2), 'T' || (n + $2), $3
          FROM unnest($1::varchar[]) WITH ORDINALITY AS x(a, n)`,
    params: [addresses, offset - 1, tracked],
  };
}
