/**
 * Postgres faults against real servers: this file's own throwaway primary and streaming replica (never the
 * shared ones, which other test files use meanwhile), hung with SIGSTOP on the postmaster and every backend,
 * and a failover by `pg_ctl promote`. Each test prints what the fault cost clients ([figures]).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadTokensConfig, startTokens, type TokensService } from '@memegraph/tokens';
import { waitFor } from '../../../test/harness/graphql-http.js';
import {
  startPrimary,
  startReplica,
  waitForReplicaCatchUp,
  withClient,
  type PgServer,
} from '../../../test/harness/postgres-cluster.js';
import { fakeSolanaAddress, insertTokensSql } from '../../../test/harness/token-fixtures.js';

const ADMIN_KEY = 'postgres-faults-admin-key-0123456789';
const STATEMENT_TIMEOUT_MS = 1500;
const QUERY_TIMEOUT_MS = 2500;
const HEALTH_CHECK_TIMEOUT_MS = 500;
const CHECK_INTERVAL_MS = 200;
/** How long the replica stays hung: well past the query timeout (+ margin) that bounds a stuck read. */
const HANG_MS = QUERY_TIMEOUT_MS + 4500;
/** Longer than anything the service should take; a request still unanswered by then counts as hung. */
const CLIENT_TIMEOUT_MS = 12_000;
const READ = `query($a: String!) { token(chain: SOLANA, address: $a) { symbol } }`;
const WRITE = `mutation($a: String!, $s: String!) { trackToken(chain: SOLANA, address: $a, metadata: { name: "Written", symbol: $s }) { symbol } }`;

let primary: PgServer;
let replica: PgServer;

/** One answered (or not) request: the error code, if any, and how long it took. */
interface Outcome {
  ok: boolean;
  code: string | null;
  ms: number;
  body?: { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: Record<string, unknown> }> };
  readAfter?: string | null;
}

async function request(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    });
    const body = (await response.json()) as Outcome['body'];
    const code = (body?.errors?.[0]?.extensions?.code as string | undefined) ?? null;
    const ms = performance.now() - started;
    return {
      ok: response.status === 200 && code === null,
      code,
      ms,
      body,
      readAfter: response.headers.get('x-read-after'),
    };
  } catch (error) {
    return {
      ok: false,
      code: (error as Error).name === 'TimeoutError' ? 'CLIENT_TIMEOUT' : 'FETCH_FAILED',
      ms: performance.now() - started,
    };
  }
}

const read = (service: TokensService, i: number, headers?: Record<string, string>) =>
  request(service.url, READ, { a: fakeSolanaAddress(i) }, headers);
let written = 0;
const write = (service: TokensService) => {
  const n = 50_000 + written++;
  return request(service.url, WRITE, { a: fakeSolanaAddress(n), s: `W${n}` }, { authorization: `Bearer ${ADMIN_KEY}` });
};

/** Readers that each loop one read after another until stopped; every outcome with its start time. */
function startReaders(service: TokensService, count: number) {
  const outcomes: Array<Outcome & { at: number }> = [];
  let running = true;
  const loops = Array.from({ length: count }, async (_, reader) => {
    for (let i = 0; running; i++) {
      const at = performance.now();
      outcomes.push({ ...(await read(service, 1 + ((reader * 7 + i) % 20))), at });
    }
  });
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return outcomes;
    },
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN);
};
const codes = (outcomes: Outcome[]) =>
  Object.fromEntries(
    [...new Set(outcomes.filter((o) => !o.ok).map((o) => o.code))].map((c) => [
      c,
      outcomes.filter((o) => o.code === c).length,
    ]),
  );

function startService(
  databaseUrl: string,
  replicaUrls = replica.url,
  env: Record<string, string> = {},
): Promise<TokensService> {
  return startTokens(
    loadTokensConfig({
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: replicaUrls,
      DATABASE_REPLICA_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS),
      DATABASE_REPLICA_MAX_LAG_MS: '60000',
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
      DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DATABASE_HEALTH_CHECK_TIMEOUT_MS: String(HEALTH_CHECK_TIMEOUT_MS),
      TOKENS_PORT: '0',
      TOKENS_HOST: '127.0.0.1',
      ADMIN_API_KEY: ADMIN_KEY,
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
}

const replicaUsable = (service: TokensService) =>
  service.router.status().find((s) => s.role === 'replica')?.usable === true;

beforeAll(async () => {
  primary = await startPrimary({ name: 'faults-primary' });
  // The schema first (migrations), then the replica copies it with the seed.
  const seeding = await startService(primary.url, '');
  await seeding.close();
  const seed = insertTokensSql(20, 1);
  await withClient(primary.url, (c) => c.query(seed.sql, seed.params));
  replica = await startReplica(primary);
  await waitForReplicaCatchUp(primary, replica);
}, 120_000);

afterAll(async () => {
  await replica?.destroy();
  await primary?.destroy();
});

describe('a hung replica (SIGSTOP)', () => {
  let service: TokensService;
  beforeAll(async () => {
    service = await startService(primary.url);
    await waitFor(() => replicaUsable(service), 10_000, 'replica in rotation');
  });
  afterAll(async () => {
    replica.thaw();
    await service?.close();
  });

  it('costs readers at most the query timeout, then reads go to the primary; health checks and read-your-writes go on', async () => {
    const readers = startReaders(service, 4);
    await waitFor(() => readers.outcomes.length >= 20, 10_000, 'reads before the fault');
    const frozenAt = performance.now();
    replica.freeze();
    let outAfterMs = NaN;
    let checkMs = NaN;
    let ownWrite: Outcome;
    let ownRead: Outcome;
    try {
      // A health check on a hung server ends at its own timeout instead of freezing routing.
      const checkStarted = performance.now();
      await Promise.race([service.router.check(), new Promise((r) => setTimeout(r, CLIENT_TIMEOUT_MS).unref())]);
      checkMs = performance.now() - checkStarted;
      await waitFor(() => !replicaUsable(service), 10_000, 'hung replica out of rotation');
      outAfterMs = performance.now() - frozenAt;
      // Read-your-writes: the replica cannot have the write, so the read that carries its token is not sent there.
      ownWrite = await write(service);
      ownRead = await request(
        service.url,
        READ,
        { a: fakeSolanaAddress(50_000 + written - 1) },
        {
          'x-read-after': ownWrite.readAfter ?? '',
        },
      );
      // The hang outlasts the query timeout by far, so a read stuck on the replica until SIGCONT would show.
      const until = frozenAt + HANG_MS;
      await waitFor(() => performance.now() > until, HANG_MS + 5000, 'reads during the hang', 100);
    } finally {
      replica.thaw();
    }
    const thawedAt = performance.now();
    await waitFor(() => replicaUsable(service), 15_000, 'thawed replica back in rotation');
    const backAfterMs = performance.now() - thawedAt;
    const outcomes = await readers.stop();

    const during = outcomes.filter((o) => o.at >= frozenAt && o.at < thawedAt);
    const after = outcomes.filter((o) => o.at >= frozenAt + outAfterMs && o.at < thawedAt);
    console.log(
      `[figures] hung replica: ${during.length} reads started during the ${Math.round(thawedAt - frozenAt)} ms hang, ` +
        `${during.filter((o) => o.ok).length} answered, errors ${JSON.stringify(codes(during))}; latency p50 ${percentile(
          during.map((o) => o.ms),
          50,
        )} ms, ` +
        `max ${percentile(
          during.map((o) => o.ms),
          100,
        )} ms (query timeout ${QUERY_TIMEOUT_MS} ms); once out of rotation p50 ` +
        `${percentile(
          after.map((o) => o.ms),
          50,
        )} ms, max ${percentile(
          after.map((o) => o.ms),
          100,
        )} ms; health check took ` +
        `${Math.round(checkMs)} ms (timeout ${HEALTH_CHECK_TIMEOUT_MS} ms); out of rotation ${Math.round(outAfterMs)} ms after ` +
        `SIGSTOP; back ${Math.round(backAfterMs)} ms after SIGCONT; own write ${Math.round(ownWrite.ms)} ms, own read ${Math.round(ownRead.ms)} ms`,
    );
    expect(checkMs).toBeLessThan(HEALTH_CHECK_TIMEOUT_MS * 2 + 1000);
    expect(codes(during)).toEqual({});
    expect(during.length).toBeGreaterThan(10);
    expect(Math.max(...during.map((o) => o.ms))).toBeLessThan(QUERY_TIMEOUT_MS + 2000);
    expect(ownWrite.ok).toBe(true);
    expect(ownRead.body?.data?.token).toEqual({ symbol: `W${50_000 + written - 1}` });
  }, 60_000);
});

describe('primary failover (hung primary, standby promoted with pg_ctl promote)', () => {
  let service: TokensService;
  beforeAll(async () => {
    service = await startService(`postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${replica.port}/test`);
    await waitFor(() => replicaUsable(service), 10_000, 'replica in rotation');
  });
  afterAll(async () => {
    primary.thaw();
    await service?.close();
  });

  it('fails writes fast with PRIMARY_UNAVAILABLE while no primary answers, keeps reads on the replica, and writes to the promoted standby', async () => {
    expect((await write(service)).ok).toBe(true);
    const frozenAt = performance.now();
    primary.freeze();
    const readers = startReaders(service, 2);
    const writes: Array<Outcome & { at: number }> = [];
    let promotedAt = NaN;
    let firstWriteOnNewPrimaryMs = NaN;
    try {
      // Until writes are refused at once: the first ones may still wait on the hung primary.
      for (;;) {
        const at = performance.now();
        const outcome = await write(service);
        writes.push({ ...outcome, at });
        if (outcome.code === 'PRIMARY_UNAVAILABLE' && outcome.ms < 500) break;
        if (at - frozenAt > 20_000) throw new Error(`writes never failed fast: ${JSON.stringify(writes)}`);
      }
      const failFastAfterMs = performance.now() - frozenAt;
      // A while without any primary: writes keep failing fast, reads keep being answered by the replica.
      const noPrimaryUntil = performance.now() + 1000;
      while (performance.now() < noPrimaryUntil) writes.push({ ...(await write(service)), at: performance.now() });
      // Reads work, so the instance stays in its load balancer: /ready is 200 and says it cannot write.
      const ready = await fetch(service.url.replace('/graphql', '/ready'), { signal: AbortSignal.timeout(5_000) });
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', writable: false });
      await replica.promote();
      promotedAt = performance.now();
      for (;;) {
        const at = performance.now();
        const outcome = await write(service);
        writes.push({ ...outcome, at });
        if (outcome.ok) break;
        if (at - promotedAt > 20_000) throw new Error(`writes never succeeded after promotion: ${outcome.code}`);
      }
      firstWriteOnNewPrimaryMs = performance.now() - promotedAt;
      const reads = await readers.stop();

      const beforePromotion = writes.filter((w) => w.at < promotedAt);
      const refused = beforePromotion.filter((w) => w.code === 'PRIMARY_UNAVAILABLE');
      const fastRefusals = refused.filter((w) => w.at - frozenAt >= failFastAfterMs - 1);
      const readsWithoutPrimary = reads.filter((r) => r.at >= frozenAt && r.at < promotedAt);
      console.log(
        `[figures] primary failover: writes refused fast (PRIMARY_UNAVAILABLE) ${Math.round(failFastAfterMs)} ms after SIGSTOP ` +
          `(slowest write before that ${percentile(
            beforePromotion.filter((w) => w.at - frozenAt < failFastAfterMs).map((w) => w.ms),
            100,
          )} ms); ` +
          `${fastRefusals.length} refusals while no primary, p50 ${percentile(
            fastRefusals.map((w) => w.ms),
            50,
          )} ms, ` +
          `max ${percentile(
            fastRefusals.map((w) => w.ms),
            100,
          )} ms; first write after pg_ctl promote succeeded ` +
          `${Math.round(firstWriteOnNewPrimaryMs)} ms after it returned; ${readsWithoutPrimary.length} reads while the primary was hung, ` +
          `${readsWithoutPrimary.filter((r) => r.ok).length} answered, errors ${JSON.stringify(codes(readsWithoutPrimary))}, ` +
          `p50 ${percentile(
            readsWithoutPrimary.map((r) => r.ms),
            50,
          )} ms, max ${percentile(
            readsWithoutPrimary.map((r) => r.ms),
            100,
          )} ms`,
      );
      expect(beforePromotion.filter((w) => !w.ok).map((w) => w.code)).toEqual(
        beforePromotion.filter((w) => !w.ok).map(() => 'PRIMARY_UNAVAILABLE'),
      );
      expect(refused[0]?.body?.errors?.[0]?.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 1 });
      expect(fastRefusals.length).toBeGreaterThan(3);
      expect(Math.max(...fastRefusals.map((w) => w.ms))).toBeLessThan(500);
      expect(codes(readsWithoutPrimary)).toEqual({});
      expect(readsWithoutPrimary.length).toBeGreaterThan(10);
      expect(firstWriteOnNewPrimaryMs).toBeLessThan(10_000);
    } finally {
      primary.thaw();
    }
    // The write landed on the promoted server; the old primary, back and still writable, does not take writes back.
    const last = 50_000 + written - 1;
    const onPromoted = await withClient(replica.url, (c) =>
      c.query('SELECT 1 FROM tokens WHERE symbol = $1', [`W${last}`]),
    );
    expect(onPromoted.rowCount).toBe(1);
    await service.router.check();
    expect((await write(service)).ok).toBe(true);
    const onOld = await withClient(primary.url, (c) =>
      c.query('SELECT 1 FROM tokens WHERE symbol = $1', [`W${last + 1}`]),
    );
    expect(onOld.rowCount).toBe(0);
  }, 90_000);

  it('retries a write refused as read-only (its primary was demoted) on the server promoted instead, without a client error', async () => {
    // After the failover above, `replica` is the primary and `primary` an old primary, still writable. A fresh
    // process picks the first writable host in list order (fencing the old primary is the operator's job), and
    // checks rarely here, so only the write can find out that the old primary became a standby.
    const hosts = `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${replica.port}/test`;
    const stale = await startService(hosts, '', {
      DATABASE_REPLICA_CHECK_INTERVAL_MS: '600000',
      DATABASE_MIGRATE_ON_START: 'false',
    });
    try {
      expect(stale.router.primary?.name).toBe(`primary 127.0.0.1:${primary.port}`);
      // Demote the old primary in place: same port, now a streaming standby of the promoted server.
      const port = primary.port;
      await primary.destroy();
      primary = await startReplica(replica, { port });
      const outcome = await write(stale);
      const symbol = `W${50_000 + written - 1}`;
      console.log(
        `[figures] demoted primary: the write that met read-only (25006) succeeded on the promoted server in ` +
          `${Math.round(outcome.ms)} ms (one re-check of both hosts, then the write again)`,
      );
      expect(outcome.code).toBeNull();
      expect(outcome.body?.data?.trackToken).toEqual({ symbol });
      expect(stale.router.primary?.name).toBe(`primary 127.0.0.1:${replica.port}`);
      const onPromoted = await withClient(replica.url, (c) =>
        c.query('SELECT 1 FROM tokens WHERE symbol = $1', [symbol]),
      );
      expect(onPromoted.rowCount).toBe(1);
    } finally {
      await stale.close();
    }
  }, 90_000);
});
