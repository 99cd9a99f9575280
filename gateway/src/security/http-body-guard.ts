import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { toErrorBody, SecurityErrorCode } from './security-errors.js';

/** Answers a request the gateway refuses before Apollo Server sees it, as a GraphQL error body. */
export function sendRefusal(
  res: Response,
  status: number,
  code: SecurityErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  res.status(status).json(toErrorBody(code, message, extensions));
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
export const parseJsonBody = (maxBytes: number): RequestHandler => express.json({ limit: maxBytes });

/** Batched requests (a JSON array of operations) are refused: one operation per request. */
export const rejectBatches: RequestHandler = (req, res, next) => {
  if (!Array.isArray(req.body)) return next();
  sendRefusal(res, 400, SecurityErrorCode.BATCHING_DISABLED, 'Batched operations are disabled; send one per request.');
};

/** Body parser failures as GraphQL errors: 413 BODY_TOO_LARGE, 400 MALFORMED_REQUEST. */
export function createBodyErrorHandler(maxBytes: number): ErrorRequestHandler {
  return (error: { type?: string }, _req, res, next) => {
    if (error?.type === 'entity.too.large') {
      return sendRefusal(
        res,
        413,
        SecurityErrorCode.BODY_TOO_LARGE,
        `The request body exceeds ${maxBytes} bytes (GATEWAY_MAX_BODY_BYTES).`,
        { limit: maxBytes },
      );
    }
    if (error?.type === 'entity.parse.failed' || error?.type === 'encoding.unsupported') {
      return sendRefusal(res, 400, SecurityErrorCode.MALFORMED_REQUEST, 'The request body is not valid JSON.');
    }
    next(error);
  };
}
