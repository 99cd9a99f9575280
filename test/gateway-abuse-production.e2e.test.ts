/**
 * Abuse that got through before (issue 13), refused by a gateway process in production mode as operators run
 * it (NODE_ENV=production, SUBGRAPH_SECRET, per-client rate limit, Redis), over real HTTP and graphql-ws, in
 * front of the real subgraphs behind counting proxies: invented API keys share their IP's budget, forged
 * read-after tokens change nothing, persisted-query registrations are bounded, control characters in
 * arguments are BAD_USER_INPUT, and WebSocket upgrades are limited per client address.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WebSocket } from 'ws';
import { Topic, topics } from '@memegraph/contracts';
import { createLogger, createRedisPubSub } from '@memegraph/infra';
import { getFreePort } from './harness/free-port.js';
import { postGraphql, waitFor } from './harness/graphql-http.js';
import { getSample, scrape } from './harness/prometheus-text.js';
import { STACK_ADMIN_KEY, STACK_SUBGRAPH_SECRET, useSecuredStack } from './harness/secured-stack.js';
import { spawnService, type ServiceProcess } from './harness/service-process.js';
import {
  closeOf,
  nextMessage,
  priceUpdatedEvent,
  toWebSocketUrl,
  useRawSockets,
  useSubscriptionClients,
} from './harness/subscription-inbox.js';
import { testEnv } from './harness/test-database.js';
import { useTestRedis } from './harness/test-redis.js';

const stack = useSecuredStack('abuse_production');
const redis = useTestRedis('abuse-production');
const clients = useSubscriptionClients();
const sockets = useRawSockets();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Every test on `gateway` sends its own known key (production's default budget each), as `rate-client` on `limited`. */
const KEYS = ['cache-client', 'apq-client', 'input-client', 'admin-client'] as const;
const as = (key: string) => ({ 'x-api-key': key });
const QUERY = `{ upstreams { source } }`;
const TOKEN = 'AbuseTestMint1111111111111111111111111111111';

let gateway: ServiceProcess;
let graphqlUrl: string;
/** A second gateway process with a tiny rate limit and small per-address WebSocket limits. */
let limited: ServiceProcess;

/** Starts the gateway's real entry point in production mode on the stack. */
async function spawnGateway(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await getFreePort();
  return spawnService('gateway', port, {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    TOKENS_URL: stack().proxies.tokens.url,
    MARKET_DATA_URL: stack().proxies.marketData.url,
    SUBGRAPH_SECRET: STACK_SUBGRAPH_SECRET,
    REDIS_URL: testEnv('TEST_REDIS_URL'),
    REDIS_KEY_PREFIX: `${redis.prefix}${port}:`,
    ...env,
  });
}

beforeAll(async () => {
  [gateway, limited] = await Promise.all([
    spawnGateway({
      RATE_LIMIT_API_KEYS: KEYS.map(sha256).join(','),
      RESPONSE_CACHE_TTL_MS: '600000',
      APQ_MAX_ENTRIES: '3',
      APQ_MAX_QUERY_BYTES: '200',
      APQ_TTL_SECONDS: '600',
    }),
    spawnGateway({
      // 3 at once, then one per 20 s: the refill cannot rescue a request within the test.
      RATE_LIMIT_PER_MINUTE: '3',
      RATE_LIMIT_BURST: '3',
      RATE_LIMIT_API_KEYS: sha256('rate-client'),
      WS_MAX_CONNECTIONS_PER_IP: '3',
      WS_UPGRADES_PER_MINUTE_PER_IP: '5',
    }),
  ]);
  graphqlUrl = `${gateway.baseUrl}/graphql`;
}, 90_000);

afterAll(async () => {
  sockets.terminateAll();
  await clients.disposeAll();
  await Promise.all([gateway?.stop(), limited?.stop()]);
});

const codeOf = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  body.errors?.[0]?.extensions?.code;

describe('rate-limit identity', () => {
  it('counts an unknown API key as its IP, so inventing keys buys no budget; a known key keeps its own', async () => {
    const limitedUrl = `${limited.baseUrl}/graphql`;
    const invented = [];
    for (let i = 0; i < 5; i += 1) {
      invented.push((await postGraphql(limitedUrl, QUERY, {}, { 'x-api-key': `made-up-${randomUUID()}` })).status);
    }
    expect(invented).toEqual([200, 200, 200, 429, 429]);
    const withoutKey = await postGraphql(limitedUrl, QUERY);
    expect(withoutKey.status).toBe(429); // the same budget: the address's
    expect(codeOf(withoutKey.body)).toBe('RATE_LIMITED');
    const known = [];
    for (let i = 0; i < 4; i += 1) known.push((await postGraphql(limitedUrl, QUERY, {}, as('rate-client'))).status);
    expect(known).toEqual([200, 200, 200, 429]);
  });
});

describe('read-after tokens', () => {
  const READ = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`;
  /** Reads the token and says whether the read reached the tokens subgraph (else the response cache answered). */
  const readReachesTokens = async (headers: Record<string, string> = {}) => {
    const before = stack().proxies.tokens.requests;
    const result = await postGraphql(graphqlUrl, READ, { a: TOKEN }, { ...as('cache-client'), ...headers });
    expect(result.body.errors).toBeUndefined();
    return stack().proxies.tokens.requests > before;
  };
  let issued: string;

  beforeAll(async () => {
    const tracked = await postGraphql(
      graphqlUrl,
      `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Abuse", symbol: "ABUSE" }) { symbol } }`,
      { a: TOKEN },
      { ...as('cache-client'), authorization: `Bearer ${STACK_ADMIN_KEY}` },
    );
    expect(tracked.body).toEqual({ data: { trackToken: { symbol: 'ABUSE' } } });
    issued = tracked.headers.get('x-read-after')!;
    expect(await readReachesTokens()).toBe(true); // stored in the response cache
    expect(await readReachesTokens()).toBe(false);
  });

  it('issues a signed, expiring token after a write, which reaches the subgraph and skips the cache', async () => {
    expect(issued).toMatch(/^[0-9A-F]+\/[0-9A-F]+\.[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    expect(await readReachesTokens({ 'x-read-after': issued })).toBe(true);
  });

  it.each([
    ['a forged WAL position', () => 'FFFFFFFF/FFFFFFFF'],
    ['an issued token with its position raised', () => issued.replace(/^[^.]+/, 'FFFFFFFF/FFFFFFFF')],
    ['garbage', () => 'x'.repeat(300)],
  ])('ignores %s: the read is answered from the cache like any anonymous one', async (_name, token) => {
    expect(await readReachesTokens({ 'x-read-after': token() })).toBe(false);
  });
});

describe('persisted-query registrations', () => {
  /** POSTs an APQ request: the hash alone, or the hash and its query (a registration). */
  const persisted = async (query: string, register: boolean) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('apq-client') },
      body: JSON.stringify({
        query: register ? query : undefined,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
      }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: Array<Record<string, any>> } };
  };

  it('keeps at most APQ_MAX_ENTRIES, dropping the oldest, and no query over APQ_MAX_QUERY_BYTES', async () => {
    const queries = Array.from({ length: 5 }, (_, i) => `query Registered${i} { upstreams { source } }`);
    for (const query of queries) {
      expect((await persisted(query, true)).body.errors).toBeUndefined();
      // Apollo stores a registration after answering: wait until it is served by hash alone.
      await waitFor(async () => (await persisted(query, false)).status === 200, 5_000, 'the registration');
    }
    const found = await Promise.all(queries.map(async (query) => codeOf((await persisted(query, false)).body)));
    expect(found).toEqual(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_FOUND', undefined, undefined, undefined]);
    // In Redis, shared by every instance: three entries, each expiring within APQ_TTL_SECONDS.
    const [connection] = redis.connectionsFor(1);
    const prefix = `${redis.prefix}${new URL(gateway.baseUrl).port}:{apq}:`;
    expect(await connection!.hlen(`${prefix}queries`)).toBe(3);
    expect(await connection!.zcard(`${prefix}expiry`)).toBe(3);
    expect(await connection!.pttl(`${prefix}queries`)).toBeLessThanOrEqual(600_000);

    const long = `query TooLongToKeep { upstreams { source ${'circuit '.repeat(30)} } }`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(200);
    const ran = await persisted(long, true);
    expect(ran.status).toBe(200); // it runs
    expect(ran.body.errors).toBeUndefined();
    await persisted(QUERY, true); // a later registration, stored: the long one had its chance before it
    await waitFor(async () => (await persisted(QUERY, false)).status === 200, 5_000, 'the later registration');
    expect(codeOf((await persisted(long, false)).body)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('control characters in arguments', () => {
  const SEARCH = `query($q: String!) { searchTokens(query: $q) { name } }`;

  it.each([
    ['a literal', `{ searchTokens(query: "bo\\u0000nk") { name } }`, {}, 'query'],
    ['a variable', SEARCH, { q: 'bo\u0000nk' }, '$q'],
    [
      'a nested input value',
      `mutation($m: TokenMetadataInput!) { trackToken(chain: SOLANA, address: "x", metadata: $m) { symbol } }`,
      { m: { name: 'a\u001b[2J', symbol: 'B' } },
      '$m',
    ],
  ])(
    'refuses NUL and friends in %s with 400 BAD_USER_INPUT before any subgraph',
    async (_where, query, variables, argument) => {
      const before = stack().subgraphRequests();
      const result = await postGraphql(graphqlUrl, query, variables, as('input-client'));
      expect(stack().subgraphRequests()).toBe(before);
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: argument });
    },
  );

  it('refuses them over graphql-ws too, and lets tabs and line breaks through', async () => {
    const inbox = clients.subscribe({ url: toWebSocketUrl(graphqlUrl), connectionParams: as('input-client') }, SEARCH, {
      q: 'bo\u0000nk',
    });
    await waitFor(() => inbox.errors.length > 0, 10_000, 'the refusal');
    expect((inbox.errors[0] as Array<{ extensions?: unknown }>)[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      argumentName: '$q',
    });
    const fine = await postGraphql(graphqlUrl, SEARCH, { q: 'bonk\t\n' }, as('input-client'));
    expect(fine.body).toEqual({ data: { searchTokens: [] } });
  });
});

describe('WebSocket upgrades per client address', () => {
  const wsUrl = () => toWebSocketUrl(`${limited.baseUrl}/graphql`);
  /** An upgrade's outcome: 101 when it opened (socket kept), else the HTTP status, Retry-After and body. */
  const upgrade = () =>
    new Promise<{ status: number; retryAfter?: string; body?: string; socket?: WebSocket }>((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
      socket.once('open', () => resolve({ status: 101, socket }));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body }),
        );
      });
      socket.once('error', (error) => (socket.readyState === socket.CONNECTING ? undefined : reject(error)));
    });
  const openOnServer = async () =>
    getSample(await scrape(limited.baseUrl), 'memegraph_ws_connections', { scope: 'instance' });

  it('refuses a fourth open socket (WS_MAX_CONNECTIONS_PER_IP) and a sixth upgrade a minute (WS_UPGRADES_PER_MINUTE_PER_IP) with 429', async () => {
    const open = [await upgrade(), await upgrade(), await upgrade()];
    expect(open.map((result) => result.status)).toEqual([101, 101, 101]);
    const fourth = await upgrade();
    expect(fourth).toMatchObject({ status: 429, retryAfter: '5' });
    expect(fourth.body).toMatch(/WS_MAX_CONNECTIONS_PER_IP: 3/);

    for (const { socket } of open) socket!.terminate();
    await waitFor(async () => (await openOnServer()) === 0, 10_000, 'the sockets closed on the server');
    // Three upgrades spent (a refusal for too many open sockets spends none): two more pass, then none.
    const [fourthUpgrade, fifthUpgrade, sixth] = [await upgrade(), await upgrade(), await upgrade()];
    expect([fourthUpgrade.status, fifthUpgrade.status]).toEqual([101, 101]);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(sixth.body).toMatch(/WS_UPGRADES_PER_MINUTE_PER_IP: 5/);
    fourthUpgrade.socket!.terminate();
    fifthUpgrade.socket!.terminate();
  });
});

describe('failed admin authentications', () => {
  const TRACK = `mutation($a: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Admin", symbol: "ADM" }) { symbol } }`;
  const failures = async () =>
    getSample(await scrape(stack().tokens.url.replace(/\/graphql$/, '')), 'memegraph_admin_auth_failures_total');

  it('counts each wrong admin key and answers it after a second; the right key and reads without one are neither', async () => {
    const before = (await failures()) ?? 0;
    const started = performance.now();
    const wrong = await postGraphql(
      graphqlUrl,
      TRACK,
      { a: `${TOKEN.slice(0, -1)}2` },
      { ...as('admin-client'), authorization: 'Bearer not-the-admin-key-at-all' },
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(codeOf(wrong.body)).toBe('UNAUTHENTICATED');
    expect(await failures()).toBe(before + 1);

    const right = await postGraphql(
      graphqlUrl,
      TRACK,
      { a: `${TOKEN.slice(0, -1)}3` },
      { ...as('admin-client'), authorization: `Bearer ${STACK_ADMIN_KEY}` },
    );
    expect(right.body).toEqual({ data: { trackToken: { symbol: 'ADM' } } });
    const anonymous = await postGraphql(graphqlUrl, TRACK, { a: `${TOKEN.slice(0, -1)}4` }, as('admin-client'));
    expect(codeOf(anonymous.body)).toBe('UNAUTHENTICATED');
    expect(await failures()).toBe(before + 1);
  });
});

describe('unsent bytes of all WebSockets together', () => {
  it('drops the socket holding the most once all together hold WS_MAX_TOTAL_BUFFERED_BYTES, each under its own limit', async () => {
    const prefix = `${redis.prefix}buffers:`;
    // In this process, to reach its socket counters; production settings all the same.
    const inProcess = await stack().startGateway({
      NODE_ENV: 'production',
      REDIS_URL: testEnv('TEST_REDIS_URL'),
      REDIS_KEY_PREFIX: prefix,
      WS_MAX_BUFFERED_BYTES: '1048576',
      WS_MAX_TOTAL_BUFFERED_BYTES: '524288',
    });
    const publisher = createRedisPubSub({
      events: topics,
      url: testEnv('TEST_REDIS_URL'),
      channelPrefix: prefix,
      log: createLogger('test', 'silent'),
    });
    try {
      const readers = [
        await sockets.open(toWebSocketUrl(inProcess.url)),
        await sockets.open(toWebSocketUrl(inProcess.url)),
      ];
      for (const [i, socket] of readers.entries()) {
        socket.send(JSON.stringify({ type: 'connection_init' }));
        expect(await nextMessage(socket)).toEqual({ type: 'connection_ack' });
        socket.send(
          JSON.stringify({
            id: String(i),
            type: 'subscribe',
            payload: { query: 'subscription { priceUpdated { at } }' },
          }),
        );
      }
      await waitFor(() => inProcess.executor.subscriberCount === 2, 10_000, 'two subscriptions');
      const closed = readers.map(closeOf);
      // Both stop reading: what the gateway sends them piles up in its memory.
      for (const socket of readers) (socket as unknown as { _socket: Socket })._socket.pause();
      const big = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 200 && inProcess.subscriptions.overTotalBufferDropped === 0; i += 1) {
        await publisher.publish(
          Topic.PRICE_UPDATED,
          priceUpdatedEvent({ address: TOKEN, changePct: 1, at: `${i}${big}` }),
        );
      }
      await waitFor(() => inProcess.subscriptions.overTotalBufferDropped === 1, 10_000, 'one socket dropped');
      expect(inProcess.subscriptions.slowConsumersClosed).toBe(0); // neither reached its own 1 MiB
      for (const socket of readers) (socket as unknown as { _socket: Socket })._socket.resume();
      const first = await Promise.race(closed);
      expect(first.code).toBe(1006);
      expect(readers.filter((socket) => socket.readyState === socket.OPEN)).toHaveLength(1);
      // Operators see it: /metrics counts the drop by reason.
      const metrics = await scrape(inProcess.url.replace(/\/graphql$/, ''));
      expect(getSample(metrics, 'memegraph_ws_sockets_closed', { event: 'over_total_buffer' })).toBe(1);
      expect(getSample(metrics, 'memegraph_ws_sockets_closed', { event: 'slow_consumer' })).toBe(0);
    } finally {
      await publisher.close();
    }
  });
});
