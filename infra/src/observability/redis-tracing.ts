import type { Cluster, Command, Redis } from 'ioredis';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { endSpanWith, getTracer, isTracingEnabled } from './tracing.js';

/**
 * Gives every command `client` sends on behalf of a traced request a client span (`redis GET`, ...).
 * Does nothing when tracing is off. Commands outside a request (pollers, heartbeats) get no span.
 */
export function traceRedisCommands<T extends Redis | Cluster>(client: T): T {
  if (!isTracingEnabled()) return client;
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const traced = (command: Command, ...rest: unknown[]): unknown => {
    if (trace.getSpan(context.active())) {
      const span = getTracer().startSpan(`redis ${command.name}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': 'redis', 'db.operation': command.name },
      });
      endSpanWith(span, command.promise).catch(() => undefined);
    }
    return send(command, ...rest);
  };
  (client as { sendCommand: unknown }).sendCommand = traced;
  return client;
}
