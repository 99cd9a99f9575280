import { closeOnSignal, createLogger } from '@memegraph/infra';
import { loadTokensConfig, startTokensService } from './index.js';

const config = loadTokensConfig();
const log = createLogger('tokens', config.LOG_LEVEL);
closeOnSignal(await startTokensService(config, log), log);
