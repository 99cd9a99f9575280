import type { ApolloServerPlugin } from '@apollo/server';
import { READ_AFTER_HEADER, type GatewayContext } from '../gateway.context.js';

/** Hands a subgraph's read-after token (from a write) back to the client on the response's header. */
export const readAfterPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.readAfter) response.http.headers.set(READ_AFTER_HEADER, contextValue.readAfter);
      },
    };
  },
};
