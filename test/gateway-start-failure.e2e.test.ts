/**
 * A gateway whose start fails half-way (here: its port is taken, the last step) leaves nothing running:
 * what it had built is closed again, so a supervisor retrying the start does not pile up timers,
 * connections or dependency checks in the same process.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadGatewayConfig, startGateway } from '@memegraph/gateway';
import { createLogger } from '@memegraph/infra';

const CHECK_INTERVAL_MS = 20;

let subgraph: Server;
let taken: Server;
/** GET /ready requests the stand-in subgraph received (the gateway's dependency checks). */
let readyChecks = 0;

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

beforeAll(async () => {
  subgraph = createServer((req, res) => {
    if (req.url === '/ready') readyChecks += 1;
    res.setHeader('content-type', 'application/json').end('{"status":"ready"}');
  });
  taken = createServer();
});

afterAll(async () => {
  await Promise.all([close(subgraph), close(taken)]);
});

describe('a gateway start that fails', () => {
  it('rejects with the cause and leaves no dependency checks running', async () => {
    const [subgraphPort, takenPort] = await Promise.all([listen(subgraph), listen(taken)]);
    const subgraphUrl = `http://127.0.0.1:${subgraphPort}/graphql`;
    const config = loadGatewayConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: String(takenPort),
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: subgraphUrl,
      MARKET_DATA_URL: subgraphUrl,
      GRAPHIQL_ENABLED: 'false',
      DEPENDENCY_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
    });
    await expect(startGateway(config, createLogger('gateway', 'silent'))).rejects.toThrow(/EADDRINUSE/);
    // An absence can only be shown over time: ten check intervals without a single check.
    await new Promise((resolve) => setTimeout(resolve, 10 * CHECK_INTERVAL_MS));
    expect(readyChecks).toBe(0);
  });
});
