import { buildOrUndo, closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { createMarketDataPorts, loadMarketDataConfig, startMarketData } from './index.js';

const config = loadMarketDataConfig();
const log = createLogger('market-data', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('market-data', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
// This process creates the ports, so it closes them: after the service.
const running = await buildOrUndo(async (stack) => {
  const ports = stack.own(createMarketDataPorts(config, log));
  stack.own(await startMarketData(config, log, ports));
  return stack;
});
closeOnSignal(running, log, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, afterClose: tracing.shutdown });
