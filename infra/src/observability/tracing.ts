import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from '../logging/create-logger.js';

/** Name of the tracer of this project's own spans. */
const TRACER_NAME = 'memegraph';

/** Tracing of one process: on when an OTLP endpoint is configured. */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports what is buffered and stops; call last in shutdown. */
  shutdown(): Promise<void>;
}

let provider: NodeTracerProvider | undefined;

/**
 * Registers the global tracer provider exporting spans over OTLP/HTTP (JSON) to `${endpoint}/v1/traces`
 * in batches, with W3C trace-context propagation. Without an endpoint nothing is registered: every span
 * call goes to the API's no-op tracer and the instrumentation below skips itself, so tracing costs
 * nothing. One provider per process: when several services share a process (the local launcher) the
 * first call wins and names the resource.
 */
export function startTracing(service: string, endpoint: string | undefined, log: Logger): Tracing {
  if (!endpoint) return { enabled: false, shutdown: async () => undefined };
  if (provider) return { enabled: true, shutdown: async () => undefined };
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const own = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  own.register();
  provider = own;
  log.info({ url }, 'exporting OpenTelemetry traces');
  return {
    enabled: true,
    async shutdown() {
      await own.shutdown().catch((error: unknown) => log.warn({ err: error }, 'flushing traces failed'));
      trace.disable();
      context.disable();
      propagation.disable();
      provider = undefined;
    },
  };
}

/** Whether spans are recorded in this process (instrumentation that would cost something checks it). */
export const isTracingEnabled = (): boolean => provider !== undefined;

/** The tracer of this project's own spans. */
export const getTracer = () => trace.getTracer(TRACER_NAME);

/** Writes the current trace context (W3C `traceparent`) into outgoing request headers. */
export function injectTraceHeaders(set: (name: string, value: string) => void): void {
  if (!provider) return;
  propagation.inject(context.active(), undefined, { set: (_carrier, name, value) => set(name, value) });
}

/** Ends `span` with the outcome of `promise` (an error is recorded on it) and returns the promise. */
export function endSpanWith<T>(span: Span, promise: Promise<T>): Promise<T> {
  promise.then(
    () => span.end(),
    (error: unknown) => {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    },
  );
  return promise;
}

/**
 * Runs `work` in a client span named `name` that is a child of the current span; without a current span
 * (background work) or with tracing off it just runs `work`, so pollers do not start a trace per round.
 * `attributes` is only called when a span is recorded: callers on hot paths (every SQL statement, every
 * upstream call) build nothing when tracing is off.
 */
export function withClientSpan<T>(name: string, attributes: () => Attributes, work: () => Promise<T>): Promise<T> {
  if (!provider || !trace.getSpan(context.active())) return work();
  return getTracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes: attributes() }, (span) =>
    endSpanWith(span, work()),
  );
}
