import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from './index.js';

const config = loadGatewayConfig();
const log = createLogger('gateway', config.LOG_LEVEL);
const gateway = await startGateway(config, log);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void gateway.close().then(() => process.exit(0));
  });
}
