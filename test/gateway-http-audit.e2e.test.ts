/**
 * GraphQL over HTTP conformance: graphql-http's server audit (every MUST, SHOULD and MAY it checks) against
 * a real gateway (both subgraphs in-process, tokens on real Postgres, Redis pub/sub), one jest case per
 * audit, each expected `ok` — no error and no warning. Among them, the legacy rules for
 * `application/json`: 200 for a well-formed request whose document fails to parse or validate or whose
 * variables do not coerce, 400 for the same with `application/graphql-response+json`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serverAudits } from 'graphql-http';
import { createLogger } from '@memegraph/infra';
import { loadGatewayConfig, startGateway, type RunningGateway } from '@memegraph/gateway';
import { testEnv } from './harness/test-database.js';
import { startTestSubgraphs, type TestSubgraphs } from './harness/test-subgraphs.js';

let subgraphs: TestSubgraphs;
let gateway: RunningGateway;

beforeAll(async () => {
  subgraphs = await startTestSubgraphs('http_audit', 'http-audit-admin-key-0123456789');
  gateway = await startGateway(
    loadGatewayConfig({
      LOG_LEVEL: 'silent',
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      TOKENS_URL: subgraphs.tokens.url,
      MARKET_DATA_URL: subgraphs.marketData.url,
      REDIS_URL: testEnv('TEST_REDIS_URL'),
      REDIS_KEY_PREFIX: `test:http-audit:${randomUUID()}:`,
    }),
    createLogger('test', 'silent'),
  );
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await subgraphs?.close();
});

// Listed before the gateway starts (jest collects cases first); each reads the URL when it runs.
const audits = serverAudits({ url: () => gateway.url, fetchFn: fetch });

/**
 * The MAYs the gateway declines, each a notice (neither error nor warning): GET queries need a
 * `content-type` or `apollo-require-preflight` header (Apollo's CSRF prevention, on by default), which these
 * plain GETs do not send.
 */
const DECLINED_MAYS = new Map([
  ['5A70', 'MAY accept application/x-www-form-urlencoded formatted GET requests'],
  [
    'D6D5',
    'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
  ],
  ['6A70', 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json'],
]);

describe('graphql-http server audit', () => {
  it.each(audits.map((audit) => [audit.name, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    const expected = DECLINED_MAYS.has(audit.id) ? 'notice' : 'ok';
    const summary = result.status === 'ok' ? result : { ...result, response: result.response.status };
    expect(summary).toEqual({ ...summary, id: audit.id, name: audit.name, status: expected });
  });

  it('lists the declined MAYs by the ids this graphql-http version gives them', () => {
    const names = new Map(audits.map((audit) => [audit.id, audit.name]));
    for (const [id, name] of DECLINED_MAYS) expect(names.get(id)).toBe(name);
  });
});
