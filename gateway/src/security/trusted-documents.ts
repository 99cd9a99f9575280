import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'keys and ids must be lower-case SHA-256 hex');

/** `{ "<sha256>": "<query>" }`: what `npm run codegen` writes (operations/trusted-documents.json). */
const hashMapSchema = z.record(sha256Hex, z.string());

/** Apollo's persisted query list (`generate-persisted-query-manifest`, ids left at their SHA-256 default). */
const apolloManifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: sha256Hex, body: z.string(), name: z.string().optional() })),
});

/** Either manifest format, as `[sha256, query]` pairs. */
const manifestSchema = z.union([
  apolloManifestSchema.transform((manifest) => manifest.operations.map((op): [string, string] => [op.id, op.body])),
  hashMapSchema.transform((manifest) => Object.entries(manifest)),
]);

/** SHA-256 hex of an operation's text, as automatic persisted queries hash it. */
export const getDocumentHash = (query: string): string => createHash('sha256').update(query).digest('hex');

/**
 * Reads the manifest at start, in either format people use: `{ "<sha256>": "<query>" }` or Apollo's
 * persisted query list (`{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, body }] }`).
 * A malformed file or a key (id) that is not the hash of its query stops the gateway (a wrong manifest
 * would refuse the operations it means to allow).
 */
export function loadTrustedDocuments(path: string): TrustedDocuments {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`TRUSTED_DOCUMENTS_PATH ${path}: ${getFirstIssue(parsed.error)}`);
  const documents = new Map(parsed.data);
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

/**
 * The problem to report: for the union, the first issue of the format the file meant (Apollo's when it
 * says its format); for a record key, what is wrong with the key.
 */
function getFirstIssue(error: z.ZodError): string {
  let [issue] = error.issues as z.core.$ZodIssue[];
  if (issue?.code === 'invalid_union') {
    const branches = issue.errors;
    issue = (branches.find((issues) => !issues.some((i) => i.path[0] === 'format')) ?? branches[1])?.[0] ?? issue;
  }
  if (issue?.code === 'invalid_key') issue = { ...issue, message: issue.issues[0]?.message ?? issue.message };
  return issue ? `${issue.path.join('.')}: ${issue.message}` : error.message;
}

const NOT_TRUSTED_MESSAGE =
  'Only the trusted documents of this API may run; send the sha256Hash of a trusted operation.';

/** PERSISTED_QUERY_NOT_TRUSTED (HTTP 400). */
export const notTrusted = (): GraphQLError =>
  securityError(SecurityErrorCode.PERSISTED_QUERY_NOT_TRUSTED, NOT_TRUSTED_MESSAGE);

/**
 * Guard (after the JSON body parser) refusing, before Apollo Server parses anything, an operation whose text
 * is not in the manifest. A request with a hash alone passes: Apollo's persisted-query store is the
 * manifest, so an unknown hash is PERSISTED_QUERY_NOT_FOUND there. A GET's operation is in express's
 * parsed query string (`req.query`), a POST's in its parsed body: the lean path (a POST) has no `query`.
 */
export function createTrustedDocumentsGuard(
  trusted: TrustedDocuments,
): (
  req: IncomingMessage & { body?: unknown; query?: Record<string, unknown> },
  res: ServerResponse,
  next: () => void,
) => void {
  return (req, res, next) => {
    const body: unknown = req.body;
    const query =
      req.method === 'GET'
        ? req.query?.query
        : body !== null && typeof body === 'object' && 'query' in body
          ? body.query
          : undefined;
    if (typeof query !== 'string' || trusted.has(getDocumentHash(query))) return next();
    sendRefusal(res, 400, SecurityErrorCode.PERSISTED_QUERY_NOT_TRUSTED, NOT_TRUSTED_MESSAGE);
  };
}
