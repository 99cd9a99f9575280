import { describe, expect, it } from '@jest/globals';
import { buildSchema, GraphQLError, parse } from 'graphql';
import { createOperationCache } from './operation-cache.js';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { tick(n: Int): Int }
`);

describe('operation cache', () => {
  it('parses and validates a query text once; later subscribers share the document', () => {
    const cache = createOperationCache(10);
    const first = cache.prepare(schema, 'subscription { tick }');
    const second = cache.prepare(schema, 'subscription { tick }');
    expect('document' in first && 'document' in second && first.document === second.document).toBe(true);
  });

  it('refuses syntax and validation errors with graphql-js messages', () => {
    const cache = createOperationCache(10);
    const syntax = cache.prepare(schema, 'subscription {');
    expect('errors' in syntax && syntax.errors[0]!.message).toMatch(/^Syntax Error/);
    const invalid = cache.prepare(schema, 'subscription { nope }');
    expect('errors' in invalid && invalid.errors[0]!.message).toBe('Cannot query field "nope" on type "Subscription".');
  });

  it('parses with the given parser, whose GraphQLError refuses the text', () => {
    const cache = createOperationCache(10, {
      parse: (query) => {
        if (query.length > 25) throw new GraphQLError('too long', { extensions: { code: 'TOO_LONG' } });
        return parse(query);
      },
    });
    const refused = cache.prepare(schema, 'subscription { tick(n: 1000000) }');
    expect('errors' in refused && refused.errors.map((e) => e.extensions.code)).toEqual(['TOO_LONG']);
    expect('document' in cache.prepare(schema, 'subscription { tick }')).toBe(true);
  });

  it('keeps at most maxEntries texts, dropping the least recently used', () => {
    const cache = createOperationCache(2);
    const a = cache.prepare(schema, 'subscription A { tick }');
    cache.prepare(schema, 'subscription B { tick }');
    cache.prepare(schema, 'subscription A { tick }'); // A used again: B is now the oldest
    cache.prepare(schema, 'subscription C { tick }');
    expect(cache.size).toBe(2);
    expect(cache.prepare(schema, 'subscription A { tick }')).toBe(a);
  });

  it('starts over for a new schema', () => {
    const cache = createOperationCache(10);
    const before = cache.prepare(schema, 'subscription { tick }');
    const after = cache.prepare(
      buildSchema('type Query { ok: Boolean } type Subscription { tick: Int }'),
      'subscription { tick }',
    );
    expect(after).not.toBe(before);
  });
});
