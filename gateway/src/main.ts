import { closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from './index.js';

const config = loadGatewayConfig();
const log = createLogger('gateway', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
closeOnSignal(await startGateway(config, log), log, {
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  afterClose: tracing.shutdown,
});
