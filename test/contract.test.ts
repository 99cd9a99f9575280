/** The composed API schema implements every name of ../shared/api-contract.graphql exactly. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { getContractViolations } from './tools/contract-diff.js';

/** The committed copy of the shared contract (CI clones may not sit next to ../shared). */
const contractPath = new URL('../schema/api-contract.graphql', import.meta.url);
const sharedContractPath = new URL('../../shared/api-contract.graphql', import.meta.url);
const SHARED_CONTRACT_SHA256 = '7bc527cbc84219baf16af70e209f597fd4473a40e634d8e330ac4ef9cbc22bd7';
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');

const apiSchema = (sdl: string): GraphQLSchema => Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();

describe('public API contract', () => {
  const contract = buildSchema(readFileSync(contractPath, 'utf8'));

  it('is an unmodified copy of the shared contract', () => {
    const copy = readFileSync(contractPath, 'utf8');
    // The digest of ../shared/api-contract.graphql when it was copied: an edit to the copy fails here even in
    // a clone without ../shared; where ../shared is present, the copy must also equal it as it is now.
    expect(createHash('sha256').update(copy).digest('hex')).toBe(SHARED_CONTRACT_SHA256);
    if (existsSync(sharedContractPath)) expect(copy).toBe(readFileSync(sharedContractPath, 'utf8'));
  });

  it('is implemented by the API schema of the committed supergraph', () => {
    expect(getContractViolations(contract, apiSchema(supergraphSdl))).toEqual([]);
  });

  it('reports what a schema drops, retypes or re-defaults (so the check above can fail)', () => {
    const broken = buildSchema(
      readFileSync(contractPath, 'utf8')
        .replace('symbol: String!', 'symbol: String')
        .replace('enum Chain { SOLANA ETHEREUM BASE BSC }', 'enum Chain { SOLANA ETHEREUM BASE }')
        .replace('first: Int = 10): [Token!]!', 'first: Int = 20): [Token!]!')
        .replace('upstreams: [UpstreamStatus!]!', ''),
    );
    expect(getContractViolations(contract, broken).sort()).toEqual(
      [
        'Token.symbol: type String, contract String!',
        'missing enum value Chain.BSC',
        'Query.searchTokens(first): default 20, contract 10',
        'missing field Query.upstreams',
      ].sort(),
    );
  });

  it('gives every public type and field a description', () => {
    const schema = apiSchema(supergraphSdl);
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (
        type.name.startsWith('__') ||
        ['String', 'Int', 'Float', 'Boolean', 'ID', 'Query', 'Mutation', 'Subscription'].includes(type.name)
      )
        continue;
      if (!type.description) undocumented.push(type.name);
    }
    for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const field of Object.values(root?.getFields() ?? {}))
        if (!field.description) undocumented.push(`${root!.name}.${field.name}`);
    }
    expect(undocumented).toEqual([]);
  });
});
