import { createLogger } from '@memegraph/infra';
import { loadTokensConfig, startTokensService } from './index.js';

const config = loadTokensConfig();
const log = createLogger('tokens', config.LOG_LEVEL);
const service = await startTokensService(config, log);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void service.close().then(() => process.exit(0));
  });
}
