/**
 * Graceful shutdown of a real gateway process (`node --import tsx src/main.ts`) on SIGTERM: a request in
 * flight finishes while new connections are refused, WebSockets are closed with 1012, the process exits 0;
 * and a shutdown that cannot finish is cut at SHUTDOWN_TIMEOUT_MS with exit code 1. The subgraph behind the
 * gateway is a loopback server that answers only when the test lets it, so "in flight" is certain.
 * (market-data releasing its leases on SIGTERM is proven in observability.e2e.test.ts.)
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';

const QUERY = `{ token(chain: SOLANA, address: "HeLDExamp1e2So9wRYZ8HQxwQYXkja5pcHowBKiEZG4") { symbol } }`;

/** A subgraph that holds every GraphQL request until `release()`; its /ready (checked in the background) answers. */
async function startHeldSubgraph() {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/ready') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      return;
    }
    req.resume();
    req.on('end', () => held.push(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    pending: () => held.length,
    release() {
      for (const res of held.splice(0)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"token":{"symbol":"HELD"}}}');
      }
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let subgraph: Awaited<ReturnType<typeof startHeldSubgraph>>;
const started: ServiceProcess[] = [];

async function startGatewayProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await getFreePort();
  const gateway = await spawnService('gateway', port, {
    LOG_LEVEL: 'info',
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: subgraph.url,
    MARKET_DATA_URL: subgraph.url,
    SUBGRAPH_TIMEOUT_MS: '60000',
    ...env,
  });
  started.push(gateway);
  return gateway;
}

beforeAll(async () => {
  subgraph = await startHeldSubgraph();
});
afterEach(() => subgraph.release());
afterAll(async () => {
  for (const gateway of started) gateway.kill();
  await Promise.all(started.map((gateway) => gateway.exited));
  await subgraph.close();
});

describe('gateway shutdown on SIGTERM', () => {
  it('lets the request in flight finish, refuses new connections, closes WebSockets with 1012, exits 0', async () => {
    const gateway = await startGatewayProcess({ SHUTDOWN_TIMEOUT_MS: '20000' });
    const socket = new WebSocket(`${gateway.baseUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closeCode = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));

    const inFlight = postGraphql(`${gateway.baseUrl}/graphql`, QUERY);
    await waitFor(() => subgraph.pending() === 1, 10_000, 'the subgraph fetch to be in flight');
    gateway.child.kill('SIGTERM');

    expect(await closeCode).toBe(1012);
    await waitFor(
      () =>
        fetch(`${gateway.baseUrl}/health`).then(
          () => false,
          () => true,
        ),
      10_000,
      'new connections to be refused',
    );
    expect(gateway.child.exitCode).toBeNull(); // still draining: the request has not finished

    subgraph.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { token: { symbol: 'HELD' } } });
    const answeredAt = Date.now();
    expect(await gateway.exited).toBe(0);
    // Its keep-alive socket closed as soon as it answered: no wait for the HTTP drain's 5 s grace.
    expect(Date.now() - answeredAt).toBeLessThan(3_000);
    expect(gateway.logs().map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down', 'shut down']));
  }, 60_000);

  it('exits with code 1 once SHUTDOWN_TIMEOUT_MS has passed when a request never finishes', async () => {
    const gateway = await startGatewayProcess({ SHUTDOWN_TIMEOUT_MS: '800' });
    const inFlight = postGraphql(`${gateway.baseUrl}/graphql`, QUERY).catch((error: Error) => error);
    await waitFor(() => subgraph.pending() === 1, 10_000, 'the subgraph fetch to be in flight');
    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');

    expect(await gateway.exited).toBe(1);
    const tookMs = Date.now() - signalledAt;
    expect(tookMs).toBeGreaterThanOrEqual(800);
    expect(tookMs).toBeLessThan(4_000); // well before the HTTP drain's own 5 s grace
    expect(gateway.logs().find((line) => line.msg === 'graceful shutdown timed out; exiting anyway')).toMatchObject({
      level: 50,
      timeoutMs: 800,
    });
    expect(String(await inFlight)).toMatch(/fetch failed/); // the connection died with the process
  }, 60_000);
});
