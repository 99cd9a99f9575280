import { buildOrUndo, closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { createGatewayPorts, loadGatewayConfig, startGateway } from './index.js';

const config = loadGatewayConfig();
const log = createLogger('gateway', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
// This process creates the ports, so it closes them: after the gateway.
const running = await buildOrUndo(async (stack) => {
  const ports = stack.own(createGatewayPorts(config, log));
  stack.own(await startGateway(config, log, ports));
  return stack;
});
closeOnSignal(running, log, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, afterClose: tracing.shutdown });
