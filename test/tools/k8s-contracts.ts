/**
 * The services' side of the Kubernetes checks (k8s-checks.ts): each service's config variables (its zod
 * schema), its port variable and default, the GET routes its HTTP app serves (read from the route sources)
 * and the default drain deadline. Shared by check:docker and the checks' tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayConfigSchema } from '@memegraph/gateway';
import { commonConfigSchema } from '@memegraph/infra';
import { marketDataConfigSchema } from '@memegraph/market-data';
import { tokensConfigSchema } from '@memegraph/tokens';
import { toGetRoutes, type ServiceContract } from './k8s-checks.js';

type Schema = { shape: object; safeParse(value: unknown): { data?: unknown } };

/** The contracts of gateway, tokens and market-data, by Deployment name, from the checkout at `root`. */
export function loadServiceContracts(root: string): Record<string, ServiceContract> {
  const routes = (file: string) => toGetRoutes(readFileSync(join(root, file), 'utf8'));
  const gatewayRoutes = routes('gateway/src/health/health.routes.ts');
  const subgraphRoutes = routes('infra/src/http/create-subgraph-app.ts');
  const defaultShutdownTimeoutMs = commonConfigSchema.shape.SHUTDOWN_TIMEOUT_MS.parse(undefined);
  const contract = (schema: Schema, portVariable: string, serviceRoutes: string[]): ServiceContract => {
    const defaults = schema.safeParse({ DATABASE_URL: 'postgres://x@127.0.0.1/x' }).data as Record<string, unknown>;
    return {
      configKeys: Object.keys(schema.shape),
      portVariable,
      defaultPort: Number(defaults[portVariable]),
      routes: serviceRoutes,
      defaultShutdownTimeoutMs,
    };
  };
  return {
    gateway: contract(gatewayConfigSchema, 'GATEWAY_PORT', gatewayRoutes),
    tokens: contract(tokensConfigSchema, 'TOKENS_PORT', subgraphRoutes),
    'market-data': contract(marketDataConfigSchema, 'MARKET_DATA_PORT', subgraphRoutes),
  };
}
