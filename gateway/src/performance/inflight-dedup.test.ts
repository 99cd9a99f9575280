import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUndiciFetcher, type ClosableFetcher } from '../federation/undici-fetcher.js';
import { withInflightDedup } from './inflight-dedup.js';

/** A real HTTP subgraph stand-in that holds every response until the test releases it. */
let held: Array<{ req: IncomingMessage; body: string; res: ServerResponse }> = [];
let received = 0;
let onReceived = () => {};
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    received += 1;
    held.push({ req, body: Buffer.concat(chunks).toString(), res });
    onReceived();
  });
});

/** Resolves once the server has received `count` requests in all. */
const receivedCount = (count: number) =>
  new Promise<void>((resolve) => {
    onReceived = () => received >= count && resolve();
    onReceived();
  });
let url: string;
let pool: ClosableFetcher;

/** Answers every held request with its own body and authorization, so each caller can tell whose answer it got. */
function release(): void {
  for (const { req, body, res } of held) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { echo: body, authorization: req.headers.authorization ?? null } }));
  }
  held = [];
}

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  pool = createUndiciFetcher({ connections: 16, timeoutMs: 5_000 });
});

afterAll(async () => {
  release();
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
});

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('withInflightDedup', () => {
  it('sends identical concurrent fetches once, but never shares across authorization or for mutations', async () => {
    const { fetcher, stats } = withInflightDedup(pool.fetcher);
    const query = JSON.stringify({ query: 'query { a }', variables: { x: 1 } });
    const mutation = JSON.stringify({ query: 'mutation { m }', variables: {} });
    const anonymous = Array.from({ length: 5 }, () => fetcher(url, post(query)));
    const alice = [
      fetcher(url, post(query, { authorization: 'Bearer alice' })),
      fetcher(url, post(query, { authorization: 'Bearer alice' })),
    ];
    const bob = fetcher(url, post(query, { authorization: 'Bearer bob' }));
    const mutations = [fetcher(url, post(mutation)), fetcher(url, post(mutation))];
    // One fetch for the anonymous five, one for alice's two, one for bob, one per mutation.
    await receivedCount(5);
    release();

    const bodies = async (calls: Array<Promise<{ json(): Promise<any> }>>) =>
      Promise.all(calls.map(async (call) => (await call).json()));
    for (const answer of await bodies(anonymous)) expect(answer.data).toEqual({ echo: query, authorization: null });
    for (const answer of await bodies(alice)) expect(answer.data.authorization).toBe('Bearer alice');
    expect((await (await bob).json()).data.authorization).toBe('Bearer bob');
    for (const answer of await bodies(mutations)) expect(answer.data.echo).toBe(mutation);
    expect(received).toBe(5);
    expect(stats().shared).toBe(5);

    // Nothing is kept after the answer: the same fetch later goes to the server again.
    const later = fetcher(url, post(query));
    await receivedCount(6);
    release();
    expect((await (await later).json()).data.echo).toBe(query);
  });
});
