import type { ErrorCodeDefinition } from './error-codes.js';

/** The comment lines README.md's generated error table sits between. */
export const ERRORS_TABLE_START =
  '<!-- errors-table:start (generated from contracts/src/errors/error-codes.ts: npm run errors) -->';
export const ERRORS_TABLE_END = '<!-- errors-table:end -->';

/** A markdown table of the registry (code, when, retry?), its columns padded as prettier formats them. */
export function toErrorsTable(registry: Record<string, ErrorCodeDefinition>): string {
  const rows = [
    ['code', 'when', 'retry?'],
    ...Object.entries(registry).map(([code, { description, retry }]) => [`\`${code}\``, description, retry]),
  ].map((row) => row.map((cell) => cell.replaceAll('|', '\\|')));
  const widths = [0, 1, 2].map((i) => Math.max(3, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/**
 * `document` with the text between the markers replaced by the registry's table; throws when the markers
 * are missing (the table would silently stop being generated).
 */
export function withErrorsTable(document: string, registry: Record<string, ErrorCodeDefinition>): string {
  const start = document.indexOf(ERRORS_TABLE_START);
  const end = document.indexOf(ERRORS_TABLE_END);
  if (start < 0 || end < start) throw new Error(`the errors table markers are missing: ${ERRORS_TABLE_START}`);
  const before = document.slice(0, start + ERRORS_TABLE_START.length);
  return `${before}\n\n${toErrorsTable(registry)}\n\n${document.slice(end)}`;
}
