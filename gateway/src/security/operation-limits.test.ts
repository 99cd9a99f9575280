import { describe, expect, it } from '@jest/globals';
import { buildASTSchema, parse } from 'graphql';
import { createOperationLimits } from './operation-limits.js';

const schema = buildASTSchema(
  parse(`
    type Query { tokens(first: Int = 20): [Token!]! token(address: String!): Token }
    type Token { name: String! next: Token }
  `),
);

const limits = createOperationLimits({
  QUERY_MAX_DEPTH: 3,
  QUERY_MAX_ALIASES: 2,
  QUERY_MAX_DIRECTIVES: 5,
  QUERY_MAX_TOKENS: 500,
  QUERY_MAX_COST: 100,
  QUERY_DEFAULT_LIST_SIZE: 10,
});

const codes = (errors: readonly { extensions: Record<string, unknown> }[]) => errors.map((e) => e.extensions.code);

describe('operation limits on a document seen before (the verdicts kept per document)', () => {
  it('judges the cost by each request’s variables, not by the first request with that document', () => {
    const document = parse('query($n: Int) { tokens(first: $n) { name } }');
    expect(limits.check(schema, document, { n: 10 })).toEqual([]);
    expect(codes(limits.check(schema, document, { n: 1_000 }))).toEqual(['QUERY_TOO_COSTLY']);
    expect(limits.check(schema, document, { n: 10 })).toEqual([]);
    expect(codes(limits.check(schema, document, { n: 'ten' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(limits.check(schema, document, { n: 'ten' }))).toEqual(['BAD_USER_INPUT']);
    expect(limits.check(schema, document, {})).toEqual([]);
  });

  it('refuses a document that breaks an armor limit every time, and a control character whatever came before', () => {
    const deep = parse('{ token(address: "a") { next { next { next { name } } } } }');
    expect(codes(limits.check(schema, deep))).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(limits.check(schema, deep))).toEqual(['QUERY_TOO_DEEP']);
    const lookup = parse('query($a: String!) { token(address: $a) { name } }');
    expect(limits.check(schema, lookup, { a: 'x' })).toEqual([]);
    expect(codes(limits.check(schema, lookup, { a: 'x\u0000' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('keeps a bounded number of costs per document and still answers right after dropping them', () => {
    const document = parse('query($n: Int) { tokens(first: $n) { name } }');
    for (let n = 0; n < 600; n++) {
      expect(codes(limits.check(schema, document, { n }))).toEqual(n + 1 > 100 ? ['QUERY_TOO_COSTLY'] : []);
    }
  });

  it('keeps verdicts per schema: the same document against another schema is judged against that one', () => {
    const wide = buildASTSchema(
      parse('type Query { tokens(first: Int = 200): [Token!]! } type Token { name: String! }'),
    );
    const document = parse('{ tokens { name } }');
    expect(limits.check(schema, document)).toEqual([]);
    expect(codes(limits.check(wide, document))).toEqual(['QUERY_TOO_COSTLY']);
    expect(limits.check(schema, document)).toEqual([]);
  });
});
