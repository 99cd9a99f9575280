import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger } from 'pino';
import { getRequestContext } from '../observability/request-context.js';

export type { Logger };

/**
 * Structured JSON logger for one service; `service` is added to every line, and a line logged while
 * handling a request carries its `requestId` (and, with tracing on, `traceId`/`spanId`), whichever logger
 * of the service wrote it. Lines go to stdout unless a `destination` is given (tests).
 */
export function createLogger(service: string, level: string = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
