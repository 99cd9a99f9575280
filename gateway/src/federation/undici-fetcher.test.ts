import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUndiciFetcher } from './undici-fetcher.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') return; // never answers
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-read-after', 'position-7');
      res.setHeader('x-repeated', ['one', 'two']);
      res.end(JSON.stringify({ echoed: Buffer.concat(chunks).toString(), auth: req.headers.authorization ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('undici subgraph fetcher', () => {
  it('sends method, headers and body, and answers with status, body and headers read by any case', async () => {
    const { fetcher, close } = createUndiciFetcher({ connections: 2, timeoutMs: 5_000 });
    try {
      const response = await fetcher(`${url}/graphql`, {
        method: 'POST',
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
        body: '{"query":"{ a }"}',
      });
      expect(response.status).toBe(200);
      expect(response.ok).toBe(true);
      expect(await response.json()).toEqual({ echoed: '{"query":"{ a }"}', auth: 'Bearer x' });
      expect(response.headers.get('Content-Type')).toBe('application/json');
      expect(response.headers.get('x-read-after')).toBe('position-7');
      expect(response.headers.get('X-Repeated')).toBe('one, two');
      expect(response.headers.has('x-missing')).toBe(false);
      expect(response.headers.get('x-missing')).toBeNull();
      expect(new Map(response.headers).get('x-read-after')).toBe('position-7');
    } finally {
      await close();
    }
  });

  it('fails with a TimeoutError when the whole fetch passes its deadline', async () => {
    const { fetcher, close } = createUndiciFetcher({ connections: 1, timeoutMs: 200 });
    try {
      const started = performance.now();
      const error = await fetcher(`${url}/slow`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await close();
    }
  });
});
