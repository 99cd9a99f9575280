import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { getDocumentHash, loadTrustedDocuments } from './trusted-documents.js';

const dir = mkdtempSync(join(tmpdir(), 'memegraph-trusted-documents-'));
const QUERY = 'query Upstreams { upstreams { source } }';
const OTHER = 'query Token { token(chain: SOLANA, address: "x") { symbol } }';

/** Writes `manifest` as JSON to a new file and returns its path. */
function writeManifest(name: string, manifest: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(manifest));
  return path;
}

const apolloManifest = (operations: { id: string; body: string }[]) => ({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: operations.map((op) => ({ ...op, name: 'Op', type: 'query' })),
});

describe('loadTrustedDocuments', () => {
  test.each([
    ['{ sha256: query }', { [getDocumentHash(QUERY)]: QUERY, [getDocumentHash(OTHER)]: OTHER }],
    [
      "Apollo's persisted query list",
      apolloManifest([
        { id: getDocumentHash(QUERY), body: QUERY },
        { id: getDocumentHash(OTHER), body: OTHER },
      ]),
    ],
  ])('reads a %s manifest', (name, manifest) => {
    const trusted = loadTrustedDocuments(writeManifest(name.replace(/\W/g, '-'), manifest));

    expect(trusted.size).toBe(2);
    expect(trusted.get(getDocumentHash(QUERY))).toBe(QUERY);
    expect(trusted.has(getDocumentHash(OTHER))).toBe(true);
    expect(trusted.has(getDocumentHash('{ __typename }'))).toBe(false);
  });

  test.each([
    ['a key that is not the hash of its query', { [getDocumentHash(OTHER)]: QUERY }, /is not the SHA-256 of its query/],
    ['a key that is not SHA-256 hex', { abc: QUERY }, /SHA-256 hex/],
    [
      'an Apollo id that is not the hash of its body',
      apolloManifest([{ id: getDocumentHash(OTHER), body: QUERY }]),
      /is not the SHA-256 of its query/,
    ],
    [
      'an Apollo id that is not SHA-256 hex (a custom operation id)',
      apolloManifest([{ id: 'GetUpstreams', body: QUERY }]),
      /operations\.0\.id: .*SHA-256 hex/,
    ],
    [
      'an Apollo list of another version',
      { ...apolloManifest([{ id: getDocumentHash(QUERY), body: QUERY }]), version: 2 },
      /TRUSTED_DOCUMENTS_PATH/,
    ],
  ])('refuses %s', (name, manifest, message) => {
    expect(() => loadTrustedDocuments(writeManifest(name.replace(/\W/g, '-'), manifest))).toThrow(message);
  });
});
