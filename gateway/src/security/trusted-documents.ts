import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { securityError, SecurityErrorCode } from './security-errors.js';

/** The operations a trusted-documents deployment runs, by the SHA-256 (hex) of their text. */
export interface TrustedDocuments {
  readonly size: number;
  get(sha256: string): string | undefined;
  has(sha256: string): boolean;
}

const manifestSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/, 'keys must be lower-case SHA-256 hex'), z.string());

/** SHA-256 hex of an operation's text, as automatic persisted queries hash it. */
export const getDocumentHash = (query: string): string => createHash('sha256').update(query).digest('hex');

/**
 * Reads the manifest `{ "<sha256>": "<query>" }` at start; a malformed file or a key that is not the hash
 * of its query stops the gateway (a wrong manifest would refuse the operations it means to allow).
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: ${parsed.error.issues[0]?.message}`);
  const documents = new Map(Object.entries(parsed.data));
  for (const [hash, query] of documents) {
    if (getDocumentHash(query) !== hash) {
      throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: ${hash} is not the SHA-256 of its query`);
    }
  }
  return {
    size: documents.size,
    get: (hash) => documents.get(hash),
    has: (hash) => documents.has(hash),
  };
}

/** PERSISTED_QUERY_NOT_TRUSTED (HTTP 400). */
export const notTrusted = (): GraphQLError =>
  securityError(
    SecurityErrorCode.PERSISTED_QUERY_NOT_TRUSTED,
    'Only the trusted documents of this API may run; send the sha256Hash of a trusted operation.',
  );

/**
 * Refuses, before parsing, any HTTP operation whose text is not in the manifest (a hash alone is looked
 * up in the manifest by Apollo's persisted-query store). The gateway's own queries (no HTTP request) run.
 */
export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return;
      return {
        async didResolveSource({ queryHash }) {
          // Thrown here, Apollo Server answers with the error's own HTTP status and formatted body.
          if (!trusted.has(queryHash)) throw notTrusted();
        },
      };
    },
  };
}
