import { closeOnSignal, createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway } from './index.js';

const config = loadGatewayConfig();
const log = createLogger('gateway', config.LOG_LEVEL);
closeOnSignal(await startGateway(config, log), log);
