import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { sendRefusal } from './http-body-guard.js';
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

const NOT_TRUSTED_MESSAGE =
  'Only the trusted documents of this API may run; send the sha256Hash of a trusted operation.';

/** PERSISTED_QUERY_NOT_TRUSTED (HTTP 400). */
export const notTrusted = (): GraphQLError =>
  securityError(SecurityErrorCode.PERSISTED_QUERY_NOT_TRUSTED, NOT_TRUSTED_MESSAGE);

/**
 * Express guard (after the JSON body parser) refusing, before Apollo Server parses anything, an operation
 * whose text is not in the manifest. A request with a hash alone passes: Apollo's persisted-query store
 * is the manifest, so an unknown hash is PERSISTED_QUERY_NOT_FOUND there.
 */
export function createTrustedDocumentsGuard(trusted: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const query =
      req.method === 'GET'
        ? req.query.query
        : body !== null && typeof body === 'object' && 'query' in body
          ? body.query
          : undefined;
    if (typeof query !== 'string' || trusted.has(getDocumentHash(query))) return next();
    sendRefusal(res, 400, SecurityErrorCode.PERSISTED_QUERY_NOT_TRUSTED, NOT_TRUSTED_MESSAGE);
  };
}
