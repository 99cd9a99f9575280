import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';
import { getRequestContext } from '../observability/request-context.js';

export type { Logger };

/**
 * Structured JSON logger for one service; `service` is added to every line, and a line logged while
 * handling a request carries its `requestId` (and, with tracing on, `traceId`/`spanId`), whichever logger
 * of the service wrote it.
 */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const request = getRequestContext();
      const span = trace.getActiveSpan()?.spanContext();
      return {
        ...(request && { requestId: request.requestId }),
        ...(span && trace.isSpanContextValid(span) && { traceId: span.traceId, spanId: span.spanId }),
      };
    },
  });
}
