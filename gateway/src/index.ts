export { loadGatewayConfig, gatewayConfigSchema, type GatewayConfig } from './gateway.config.js';
export { startGateway, type GatewayShared, type RunningGateway } from './gateway.server.js';
