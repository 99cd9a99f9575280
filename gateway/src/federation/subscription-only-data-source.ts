import { ErrorCode } from '@memegraph/contracts';
import type { GraphQLDataSource } from '@apollo/gateway';

/**
 * Stands in for the `gateway` entry of the supergraph (schema/gateway.graphql): its fields are
 * subscriptions, executed by the gateway over graphql-ws, so no query plan should ever reach it.
 */
export const subscriptionOnlyDataSource: GraphQLDataSource = {
  process: async () => ({
    errors: [
      {
        message: 'Subscriptions are served over graphql-ws on /graphql, not over HTTP.',
        extensions: { code: ErrorCode.SUBSCRIPTION_OVER_HTTP },
      },
    ],
  }),
};
