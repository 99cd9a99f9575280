import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Header carrying the request id from the client through the gateway to subgraphs and upstream calls. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What the code running on behalf of one request can learn about it. */
export interface RequestContext {
  requestId: string;
}

/**
 * Entered only with tracing on (see request-middleware.ts): once any AsyncLocalStorage has run, Node 20
 * runs promise hooks on every promise of the process, which cost the subgraphs 1.2–1.3× CPU per operation.
 * With tracing off the request id travels explicitly instead: in the request's `x-request-id` header (which
 * the middleware sets to the id it chose), from there in each service's GraphQL context, on the errors of
 * the request ({@link tagErrorWithRequestId}) and in the arguments of calls made for it.
 */
const storage = new AsyncLocalStorage<RequestContext>();

/** Ids a client may choose: short, printable, no spaces (they end up in logs and headers). */
const CLIENT_ID = /^[\w.:/@+=-]{1,128}$/;

/** The client's request id when it is acceptable, otherwise a new random one. */
export function toRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && CLIENT_ID.test(value) ? value : randomUUID();
}

/**
 * The id of an HTTP request that went through the request middleware (which replaces a missing or
 * unusable `x-request-id` with the id it made); undefined for one that did not.
 */
export function getRequestIdOf(request: { headers: IncomingHttpHeaders }): string | undefined {
  const value = request.headers[REQUEST_ID_HEADER];
  return typeof value === 'string' ? value : undefined;
}

/** Runs `work` (and everything it starts) as part of the request `context`. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/**
 * The request the current code runs for, or undefined outside of one (pollers, consumers) and whenever no
 * request context was entered (tracing off: see {@link storage}).
 */
export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const errorRequestIds = new WeakMap<object, string>();

/**
 * Marks `error` as raised while serving request `requestId`, so code that sees the error outside of the
 * request (Apollo's `formatError`, which has no context) can still log it with the request's id.
 */
export function tagErrorWithRequestId(error: unknown, requestId: string): void {
  if (typeof error === 'object' && error !== null) errorRequestIds.set(error, requestId);
}

/** The request `error` was tagged with ({@link tagErrorWithRequestId}), else the current request context's. */
export function getRequestIdOfError(error: unknown): string | undefined {
  const tagged = typeof error === 'object' && error !== null ? errorRequestIds.get(error) : undefined;
  return tagged ?? getRequestContext()?.requestId;
}
