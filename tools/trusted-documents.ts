/**
 * Part of `npm run codegen`: writes operations/trusted-documents.json, the trusted-documents manifest
 * `{ "<sha256>": "<query>" }` of every operation in operations/, from the SDK's generated documents, so
 * each key is the SHA-256 of the very text the SDK sends. A gateway started with
 * TRUSTED_DOCUMENTS_PATH=operations/trusted-documents.json runs these operations and nothing else.
 * `--check` fails when the committed manifest differs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as documents from '../client/src/generated/graphql.js';
import { repoRoot } from './workspaces.js';

export const trustedDocumentsPath = join(repoRoot, 'operations', 'trusted-documents.json');

/** The manifest of the generated operations (fragments alone are no operation), sorted by operation name. */
export function getTrustedDocuments(): Record<string, string> {
  const operations = Object.values(documents)
    .filter((value) => value instanceof String)
    .map(String)
    .filter((text) => /^\s*(query|mutation|subscription)\b/.test(text))
    .sort((a, b) => getOperationName(a).localeCompare(getOperationName(b)));
  return Object.fromEntries(operations.map((text) => [createHash('sha256').update(text).digest('hex'), text]));
}

const getOperationName = (text: string): string => /^\s*\w+\s+(\w+)/.exec(text)?.[1] ?? '';

const fresh = JSON.stringify(getTrustedDocuments(), null, 2) + '\n';
if (process.argv.includes('--check')) {
  if ((existsSync(trustedDocumentsPath) ? readFileSync(trustedDocumentsPath, 'utf8') : '') !== fresh) {
    console.error(`${trustedDocumentsPath} is out of date: run \`npm run codegen\` and commit the result.`);
    process.exit(1);
  }
  console.log('operations/trusted-documents.json matches the generated operations.');
} else {
  writeFileSync(trustedDocumentsPath, fresh);
  console.log(`wrote ${trustedDocumentsPath} (${Object.keys(JSON.parse(fresh) as object).length} operations)`);
}
