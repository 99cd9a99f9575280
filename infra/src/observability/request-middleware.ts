import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { REQUEST_ID_HEADER, runInRequestContext, toRequestId } from './request-context.js';
import { getTracer, isTracingEnabled } from './tracing.js';

/**
 * Middleware for a service's HTTP endpoint: takes the caller's `x-request-id` (or makes one), returns it in
 * the response and leaves it in the request's own `x-request-id` header, where the GraphQL context takes it
 * from (getRequestIdOf), so the access log, masked errors and calls made for the request carry it.
 * With tracing on it also opens the request's server span, continuing the caller's trace (W3C
 * `traceparent`), and runs the rest of the request in its request context (AsyncLocalStorage, which the
 * tracer needs anyway), so every log line written for it carries the ids. With tracing off no context is
 * entered: AsyncLocalStorage's promise hooks would cost every promise of the process (see request-context.ts).
 * Mount it after the body parser: a context entered before the body is read does not reach the code that
 * runs once it has been.
 */
export function createRequestMiddleware() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const requestId = toRequestId(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (!isTracingEnabled()) {
      next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    // Express strips the mount path from req.url; originalUrl keeps it.
    const path = ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0] ?? '/';
    const span = getTracer().startSpan(
      `${req.method} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method ?? 'GET', 'url.path': path, 'memegraph.request_id': requestId },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => runInRequestContext({ requestId }, next));
  };
}
