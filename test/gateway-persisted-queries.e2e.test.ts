/**
 * Persisted queries through the gateway, over real HTTP and graphql-ws: automatic persisted queries
 * shared by two gateways through real Redis, per instance without Redis, and the trusted-documents mode.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import { WebSocket } from 'ws';
import type { RunningGateway } from '@memegraph/gateway';
import { waitFor } from './harness/graphql-http.js';
import { useSecuredStack } from './harness/secured-stack.js';
import { testEnv } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';

const stack = useSecuredStack('persisted_queries');
const redis = useTestRedis('persisted-queries');
const dir = mkdtempSync(join(tmpdir(), 'memegraph-trusted-'));
const TRUSTED = `{ upstreams { source circuit } }`;
const TRUSTED_SUBSCRIPTION = `subscription { priceUpdated { changePct } }`;
const clients: Client[] = [];
/** The SHA-256 hex APQ clients send for a query. */
const getDocumentHash = (query: string) => createHash('sha256').update(query).digest('hex');

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  rmSync(dir, { recursive: true, force: true });
});

/** POSTs an operation with the APQ extension; `query` omitted sends the hash alone. */
async function postPersisted(gateway: RunningGateway, hash: string, query?: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<Record<string, any>> },
  };
}

const codeOf = (body: { errors?: Array<Record<string, any>> }) => body.errors?.[0]?.extensions?.code;

describe('automatic persisted queries', () => {
  let a: RunningGateway;
  let b: RunningGateway;
  let alone: RunningGateway;
  beforeAll(async () => {
    const shared = { REDIS_URL: testEnv('TEST_REDIS_URL'), REDIS_KEY_PREFIX: redis.prefix };
    a = await stack().startGateway(shared);
    b = await stack().startGateway(shared);
    alone = await stack().startGateway();
  });

  it('registers a query on one gateway and serves its hash alone on another, through Redis', async () => {
    const query = `{ upstreams { source rateLimitPerMinute } }`;
    const hash = getDocumentHash(query);
    expect(codeOf((await postPersisted(b, hash)).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await postPersisted(a, hash, query);
    expect(registered.body.errors).toBeUndefined();
    const [connection] = redis.connectionsFor(1);
    expect(await connection!.hget(`${redis.prefix}{apq}:queries`, hash)).toBe(query);
    expect(await connection!.zscore(`${redis.prefix}{apq}:expiry`, hash)).not.toBeNull();
    expect(await connection!.pttl(`${redis.prefix}{apq}:queries`)).toBeGreaterThan(86_000_000);
    const byHash = await postPersisted(b, hash);
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
  });

  it('refuses a hash that does not match the query', async () => {
    const result = await postPersisted(a, getDocumentHash('{ other }'), `{ upstreams { source } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_HASH_MISMATCH' });
  });

  it('keeps registrations per instance without Redis', async () => {
    const query = `{ upstreams { circuit } }`;
    const hash = getDocumentHash(query);
    await postPersisted(alone, hash, query);
    const byHash = await postPersisted(alone, hash);
    expect(byHash.body.data).toEqual({ upstreams: expect.arrayContaining([{ circuit: 'CLOSED' }]) });
  });

  it('does not register an operation the abuse limits refuse', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: upstreams { source }`).join(' ')} }`;
    const hash = getDocumentHash(query);
    expect(codeOf((await postPersisted(a, hash, query)).body)).toBe('TOO_MANY_ALIASES');
    expect(codeOf((await postPersisted(a, hash)).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('trusted documents', () => {
  let trusted: RunningGateway;
  beforeAll(async () => {
    const manifest = join(dir, 'trusted.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        [getDocumentHash(TRUSTED)]: TRUSTED,
        [getDocumentHash(TRUSTED_SUBSCRIPTION)]: TRUSTED_SUBSCRIPTION,
      }),
    );
    trusted = await stack().startGateway({ TRUSTED_DOCUMENTS_PATH: manifest });
  });

  it('runs a trusted operation by its hash alone, or by its text', async () => {
    const byHash = await postPersisted(trusted, getDocumentHash(TRUSTED));
    expect(byHash.status).toBe(200);
    expect(byHash.body.data).toEqual({ upstreams: expect.any(Array) });
    const response = await fetch(trusted.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: TRUSTED }),
    });
    expect(((await response.json()) as { data: unknown }).data).toEqual(byHash.body.data);
  });

  it('refuses any other operation with 400 PERSISTED_QUERY_NOT_TRUSTED and no subgraph call', async () => {
    const other = `{ upstreams { source } }`;
    const before = stack().subgraphRequests();
    const asText = await fetch(trusted.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: other }),
    });
    expect(asText.status).toBe(400);
    expect(codeOf((await asText.json()) as { errors?: Array<Record<string, any>> })).toBe(
      'PERSISTED_QUERY_NOT_TRUSTED',
    );
    // Registering it as an automatic persisted query is refused too, and it stays unknown.
    expect(codeOf((await postPersisted(trusted, getDocumentHash(other), other)).body)).toBe(
      'PERSISTED_QUERY_NOT_TRUSTED',
    );
    expect(codeOf((await postPersisted(trusted, getDocumentHash(other))).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack().subgraphRequests()).toBe(before);
  });

  /** A graphql-ws client on the trusted gateway (disposed after the file). */
  const wsClient = () => {
    const client = createClient({ url: trusted.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    clients.push(client);
    return client;
  };
  /** The errors a subscribe is refused with (a result or a socket error fails the test). */
  const refusalOf = (client: Client, payload: SubscribePayload) =>
    new Promise<readonly Record<string, any>[]>((resolve, reject) =>
      client.subscribe(payload, {
        next: reject,
        error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
        complete: () => undefined,
      }),
    );
  /** Subscribes and waits until the executor registered it, then unsubscribes; no error may come back. */
  const expectSubscribed = async (client: Client, payload: SubscribePayload) => {
    const before = trusted.executor.subscriberCount;
    const errors: unknown[] = [];
    const dispose = client.subscribe(payload, {
      next: () => undefined,
      error: (error) => errors.push(error),
      complete: () => undefined,
    });
    await waitFor(() => trusted.executor.subscriberCount === before + 1, 5000, 'the trusted subscription');
    dispose();
    expect(errors).toEqual([]);
  };

  it('refuses an untrusted operation over graphql-ws and accepts a trusted subscription', async () => {
    const client = wsClient();
    const refused = await refusalOf(client, { query: `subscription { priceUpdated { priceUsd } }` });
    expect(refused[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_TRUSTED' });
    await expectSubscribed(client, { query: TRUSTED_SUBSCRIPTION });
  });

  it('accepts a trusted subscription over graphql-ws by its hash alone, and refuses an unknown hash', async () => {
    const client = wsClient();
    const byHash = (sha256Hash: string) => ({ query: '', extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const refused = await refusalOf(client, byHash(getDocumentHash('subscription { tokenDiscovered { symbol } }')));
    expect(refused[0]?.extensions).toEqual({ code: 'PERSISTED_QUERY_NOT_TRUSTED' });
    await expectSubscribed(client, byHash(getDocumentHash(TRUSTED_SUBSCRIPTION)));
  });

  it('refuses to start with a manifest whose key is not the hash of its query', async () => {
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ [getDocumentHash('{ a }')]: '{ b }' }));
    await expect(stack().startGateway({ TRUSTED_DOCUMENTS_PATH: wrong })).rejects.toThrow(
      /not the SHA-256 of its query/,
    );
  });
});
