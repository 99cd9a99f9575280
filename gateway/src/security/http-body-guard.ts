import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { toErrorBody, SecurityErrorCode } from './security-errors.js';

/**
 * A guard of POST /graphql that needs nothing of express: node's request (with the parsed JSON `body` once
 * read) and response. Mounted in express's chain as it is, and run by the lean path (gateway.graphql-handler.ts).
 */
export type HttpGuard = (
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  next: () => void,
) => void | Promise<void>;

/**
 * Answers a request the gateway refuses before Apollo Server sees it, as a GraphQL error body: what express's
 * `res.status(status).json(...)` sent (no ETag on /graphql), on plain node:http.
 */
export function sendRefusal(
  res: ServerResponse,
  status: number,
  code: SecurityErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  const body = JSON.stringify(toErrorBody(code, message, extensions));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * GraphQL over HTTP: a POST body must be `application/json`; any other declared type is 415 (form posts
 * included, so they never reach Apollo's CSRF check). No content type at all is left to Apollo Server,
 * whose CSRF prevention refuses it unless a preflight header is present.
 */
export const rejectUnsupportedMediaType: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST' || req.headers['content-type'] === undefined || req.is('application/json')) return next();
  sendRefusal(
    res,
    415,
    SecurityErrorCode.UNSUPPORTED_MEDIA_TYPE,
    `Content-Type ${req.headers['content-type']} is not supported; send application/json.`,
  );
};

/** Parses JSON bodies up to `maxBytes` (GATEWAY_MAX_BODY_BYTES). */
export const createJsonBodyParser = (maxBytes: number): RequestHandler => express.json({ limit: maxBytes });

/** Batched requests (a JSON array of operations) are refused: one operation per request. */
export const rejectBatches: HttpGuard = (req, res, next) => {
  if (!Array.isArray(req.body)) return next();
  sendRefusal(res, 400, SecurityErrorCode.BATCHING_DISABLED, 'Batched operations are disabled; send one per request.');
};

/**
 * Answers a body parser failure (body-parser's, or infra's parseJsonBody's, which has the same `type`) as a
 * GraphQL error: 413 BODY_TOO_LARGE, 400 MALFORMED_REQUEST. False: not such a failure, nothing sent.
 */
export type BodyErrorSender = (error: unknown, res: ServerResponse) => boolean;

/** The {@link BodyErrorSender} for bodies of at most `maxBytes` (GATEWAY_MAX_BODY_BYTES). */
export function createBodyErrorSender(maxBytes: number): BodyErrorSender {
  return (error, res) => {
    const type = (error as { type?: unknown } | null | undefined)?.type;
    if (type === 'entity.too.large') {
      sendRefusal(
        res,
        413,
        SecurityErrorCode.BODY_TOO_LARGE,
        `The request body exceeds ${maxBytes} bytes (GATEWAY_MAX_BODY_BYTES).`,
        { limit: maxBytes },
      );
      return true;
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported') {
      sendRefusal(res, 400, SecurityErrorCode.MALFORMED_REQUEST, 'The request body is not valid JSON.');
      return true;
    }
    return false;
  };
}

/** Body parser failures as GraphQL errors (see {@link createBodyErrorSender}); other errors go on. */
export function createBodyErrorHandler(sendBodyError: BodyErrorSender): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (!sendBodyError(error, res)) next(error);
  };
}
