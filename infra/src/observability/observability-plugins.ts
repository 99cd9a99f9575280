import type { ApolloServerPlugin } from '@apollo/server';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/create-logger.js';
import { createGraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { createRequestLogPlugin } from './request-log.plugin.js';

/** The Apollo plugins every service runs: request metrics into `registry` and one access-log line per request. */
export const createObservabilityPlugins = (registry: Registry, log: Logger): ApolloServerPlugin[] => [
  createGraphqlMetricsPlugin(registry),
  createRequestLogPlugin(log),
];
