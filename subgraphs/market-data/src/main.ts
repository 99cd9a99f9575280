import { createLogger } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketDataService } from './index.js';

const config = loadMarketDataConfig();
const log = createLogger('market-data', config.LOG_LEVEL);
const service = await startMarketDataService(config, log);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void service.close().then(() => process.exit(0));
  });
}
