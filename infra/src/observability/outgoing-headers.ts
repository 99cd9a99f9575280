import { REQUEST_ID_HEADER, getRequestContext } from './request-context.js';
import { injectTraceHeaders } from './tracing.js';

/**
 * Headers for a call made on behalf of the current request: its `x-request-id` and, with tracing on, the
 * W3C trace context. Empty outside a request with tracing off.
 */
export function getPropagationHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const request = getRequestContext();
  if (request) headers[REQUEST_ID_HEADER] = request.requestId;
  injectTraceHeaders((name, value) => (headers[name] = value));
  return headers;
}
