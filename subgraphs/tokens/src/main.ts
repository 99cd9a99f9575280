import { closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { loadTokensConfig, startTokensService } from './index.js';

const config = loadTokensConfig();
const log = createLogger('tokens', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('tokens', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
closeOnSignal(await startTokensService(config, log), log, {
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  afterClose: tracing.shutdown,
});
