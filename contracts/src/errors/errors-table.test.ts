import { describe, expect, it } from '@jest/globals';
import { ERRORS_TABLE_END, ERRORS_TABLE_START, toErrorsTable, withErrorsTable } from './errors-table.js';

const registry = {
  SHORT: { description: 'a `pipe` | inside', retry: 'no' },
  A_LONGER_CODE: { description: 'when', retry: 'yes, after `retryAfterSeconds`' },
};

describe('toErrorsTable', () => {
  it('renders one padded row per code, in registry order, escaping pipes', () => {
    expect(toErrorsTable(registry).split('\n')).toEqual([
      '| code            | when               | retry?                         |',
      '| --------------- | ------------------ | ------------------------------ |',
      '| `SHORT`         | a `pipe` \\| inside | no                             |',
      '| `A_LONGER_CODE` | when               | yes, after `retryAfterSeconds` |',
    ]);
  });
});

describe('withErrorsTable', () => {
  it('replaces only what is between the markers, keeping them', () => {
    const document = `# Errors\n\n${ERRORS_TABLE_START}\nstale\n${ERRORS_TABLE_END}\n\nAfter.\n`;
    expect(withErrorsTable(document, registry)).toBe(
      `# Errors\n\n${ERRORS_TABLE_START}\n\n${toErrorsTable(registry)}\n\n${ERRORS_TABLE_END}\n\nAfter.\n`,
    );
  });

  it('is stable: regenerating a generated document changes nothing', () => {
    const once = withErrorsTable(`${ERRORS_TABLE_START}\n${ERRORS_TABLE_END}\n`, registry);
    expect(withErrorsTable(once, registry)).toBe(once);
  });

  it('refuses a document without the markers', () => {
    expect(() => withErrorsTable('# no table here\n', registry)).toThrow(/markers are missing/);
  });
});
