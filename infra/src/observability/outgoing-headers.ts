import { REQUEST_ID_HEADER, getRequestContext } from './request-context.js';
import { injectTraceHeaders } from './tracing.js';

/**
 * Headers for a call made on behalf of a request: its `x-request-id` (`requestId`, passed by the caller
 * from its GraphQL context; else the current request context's, entered only with tracing on) and, with
 * tracing on, the W3C trace context. Empty outside a request with tracing off.
 */
export function getPropagationHeaders(requestId?: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const id = requestId ?? getRequestContext()?.requestId;
  if (id !== undefined) headers[REQUEST_ID_HEADER] = id;
  injectTraceHeaders((name, value) => (headers[name] = value));
  return headers;
}
