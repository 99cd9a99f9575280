import { buildOrUndo, closeOnSignal, createLogger, startTracing } from '@memegraph/infra';
import { createTokensPorts, loadTokensConfig, startTokens } from './index.js';

const config = loadTokensConfig();
const log = createLogger('tokens', config.LOG_LEVEL);
// Before the service starts, so the clients it creates are instrumented.
const tracing = startTracing('tokens', config.OTEL_EXPORTER_OTLP_ENDPOINT, log);
// This process creates the ports, so it closes them: after the service.
const running = await buildOrUndo(async (stack) => {
  const ports = stack.own(createTokensPorts(config, log));
  stack.own(await startTokens(config, log, ports));
  return stack;
});
closeOnSignal(running, log, { timeoutMs: config.SHUTDOWN_TIMEOUT_MS, afterClose: tracing.shutdown });
