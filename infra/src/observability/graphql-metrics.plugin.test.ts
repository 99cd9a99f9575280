import { ApolloServer, HeaderMap } from '@apollo/server';
import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { createLogger } from '../logging/create-logger.js';
import { createObservabilityPlugins } from './observability-plugins.js';
import { createMetricsRegistry } from './metrics-registry.js';

const typeDefs = `type Query { ok: Int, fails: Int }`;
const resolvers = {
  Query: {
    ok: () => 1,
    fails: () => {
      throw new GraphQLError('nope', { extensions: { code: 'TOKEN_NOT_FOUND' } });
    },
  },
};

async function valuesOf(registry: ReturnType<typeof createMetricsRegistry>, name: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return (metric?.values ?? []).map((sample) => ({
    labels: sample.labels,
    value: sample.value,
    metricName: (sample as { metricName?: string }).metricName,
  }));
}

describe('GraphQL metrics plugin', () => {
  it('counts HTTP requests by operation and outcome, errors by code, and times them; internal operations are not requests', async () => {
    const registry = createMetricsRegistry();
    const server = new ApolloServer({
      typeDefs,
      resolvers,
      plugins: createObservabilityPlugins(registry, createLogger('test', 'silent')),
    });
    await server.start();
    const post = (query: string) =>
      server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: 'POST',
          headers: new HeaderMap([['content-type', 'application/json']]),
          search: '',
          body: { query },
        },
        context: async () => ({}),
      });
    try {
      await post('{ ok }');
      await post('{ ok }');
      await post('{ fails }');
      await post('{ missing }');
      await server.executeOperation({ query: '{ ok }' }); // e.g. the gateway's subscription hydration

      expect(await valuesOf(registry, 'memegraph_graphql_requests_total')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ labels: { operation: 'query', outcome: 'ok' }, value: 2 }),
          expect.objectContaining({ labels: { operation: 'query', outcome: 'error' }, value: 1 }),
          expect.objectContaining({ labels: { operation: 'unknown', outcome: 'error' }, value: 1 }),
        ]),
      );
      expect(await valuesOf(registry, 'memegraph_graphql_errors_total')).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ labels: { code: 'TOKEN_NOT_FOUND' }, value: 1 }),
          expect.objectContaining({ labels: { code: 'GRAPHQL_VALIDATION_FAILED' }, value: 1 }),
        ]),
      );
      const durations = await valuesOf(registry, 'memegraph_graphql_request_duration_seconds');
      expect(durations).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            metricName: 'memegraph_graphql_request_duration_seconds_count',
            labels: { operation: 'query' },
            value: 3,
          }),
        ]),
      );
    } finally {
      await server.stop();
    }
  });
});
