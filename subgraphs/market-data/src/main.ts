import { closeOnSignal, createLogger } from '@memegraph/infra';
import { loadMarketDataConfig, startMarketDataService } from './index.js';

const config = loadMarketDataConfig();
const log = createLogger('market-data', config.LOG_LEVEL);
closeOnSignal(await startMarketDataService(config, log), log);
