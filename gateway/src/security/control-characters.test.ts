import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { findControlCharacter } from './control-characters.js';

describe('findControlCharacter', () => {
  it.each([
    ['NUL in a literal argument', '{ searchTokens(query: "a\\u0000b") { name } }', {}, 'query'],
    ['ESC nested in an input object', '{ f(input: { list: ["ok", "\\u001b[2J"] }) }', {}, 'input'],
    ['DEL in a directive argument', '{ a @skip(if: false, note: "\\u007f") }', {}, 'note'],
    ['NUL in a variable', 'query($q: String!) { searchTokens(query: $q) { name } }', { q: 'a\u0000' }, '$q'],
    [
      'a control character deep in a variable',
      'query($m: M) { f(m: $m) }',
      { m: { links: [{ url: '\u0007' }] } },
      '$m',
    ],
  ])('finds %s', (_name, query, variables, argument) => {
    expect(findControlCharacter(parse(query), variables)).toBe(argument);
  });

  it('lets tabs, line breaks and ordinary text through', () => {
    const document = parse('query($q: String!) { searchTokens(query: "tab\\there\\nline") { name } }');
    expect(findControlCharacter(document, { q: 'über\r\n\tok ✓', n: 3, none: null })).toBeUndefined();
  });

  it('answers again for the same parsed document (kept per document), with the variables of each call', () => {
    const literal = parse('{ searchTokens(query: "a\\u0000b") { name } }');
    expect(findControlCharacter(literal, {})).toBe('query');
    expect(findControlCharacter(literal, { q: 'clean' })).toBe('query');
    const document = parse('query($q: String!) { searchTokens(query: $q) { name } }');
    expect(findControlCharacter(document, { q: 'clean' })).toBeUndefined();
    expect(findControlCharacter(document, { q: 'a\u0000' })).toBe('$q');
    expect(findControlCharacter(document, { q: 'clean again' })).toBeUndefined();
  });
});
