/** The composed API schema implements every name of ../shared/api-contract.graphql exactly. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { Supergraph } from '@apollo/federation-internals';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { getContractViolations } from './tools/contract-diff.js';

/**
 * The committed copies of the shared contract and its extensions (CI clones may not sit next to ../shared),
 * each with its digest when copied: the live ranked list extends types the base contract defines, so the
 * contract is all of them read together.
 */
const contractFiles = [
  { name: 'api-contract.graphql', sha256: '7bc527cbc84219baf16af70e209f597fd4473a40e634d8e330ac4ef9cbc22bd7' },
  {
    name: 'api-contract.live-list.graphql',
    sha256: 'e2b50970c06458f845feb2402a8811bb45d6e0bcc766f7bc0cd6476bbf99ce3b',
  },
];
const readCopy = (name: string) => readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8');
const sharedPath = (name: string) => new URL(`../../shared/${name}`, import.meta.url);
const contractSdl = contractFiles.map(({ name }) => readCopy(name)).join('\n');
const supergraphSdl = readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');

const apiSchema = (sdl: string): GraphQLSchema => Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();

describe('public API contract', () => {
  const contract = buildSchema(contractSdl);

  it.each(contractFiles)('is an unmodified copy of the shared $name', ({ name, sha256 }) => {
    const copy = readCopy(name);
    // The digest of ../shared/<name> when it was copied: an edit to the copy fails here even in a clone
    // without ../shared; where ../shared is present, the copy must also equal it as it is now.
    expect(createHash('sha256').update(copy).digest('hex')).toBe(sha256);
    if (existsSync(sharedPath(name))) expect(copy).toBe(readFileSync(sharedPath(name), 'utf8'));
  });

  it('includes the live ranked list of the extension (read together with the base contract)', () => {
    const field = contract.getSubscriptionType()?.getFields().tokenListUpdated;
    expect(field?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual([
      'filter: TokenFilter',
      'sort: TokenSort',
      'first: Int',
    ]);
    expect(contract.getType('TokenListChangeKind')).toBeDefined();
  });

  it('is implemented by the API schema of the committed supergraph', () => {
    expect(getContractViolations(contract, apiSchema(supergraphSdl))).toEqual([]);
  });

  it('reports what a schema drops, retypes or re-defaults (so the check above can fail)', () => {
    const broken = buildSchema(
      contractSdl
        .replace('symbol: String!', 'symbol: String')
        .replace('enum Chain { SOLANA ETHEREUM BASE BSC }', 'enum Chain { SOLANA ETHEREUM BASE }')
        .replace('first: Int = 10): [Token!]!', 'first: Int = 20): [Token!]!')
        .replace('upstreams: [UpstreamStatus!]!', '')
        .replace('previousRank: Int\n', 'previousRank: Int!\n')
        .replace(
          'enum TokenListChangeKind { ENTERED LEFT MOVED UPDATED }',
          'enum TokenListChangeKind { ENTERED LEFT MOVED }',
        ),
    );
    expect(getContractViolations(contract, broken).sort()).toEqual(
      [
        'Token.symbol: type String, contract String!',
        'missing enum value Chain.BSC',
        'Query.searchTokens(first): default 20, contract 10',
        'missing field Query.upstreams',
        'TokenListChange.previousRank: type Int!, contract Int',
        'missing enum value TokenListChangeKind.UPDATED',
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
