import { closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketDataService } from './index.js';

const config = loadMarketDataConfig();
const log = createLogger('market-data', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('market-data', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
closeOnSignal(await startMarketDataService(config, log), log, {
  timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  afterClose: tracing.shutdown,
});
