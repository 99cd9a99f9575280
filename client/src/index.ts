/**
 * The memegraph SDK: typed operations generated from operations/ (GraphQL Code Generator's client preset),
 * a fetch client carrying read-your-writes, graphql-ws subscriptions that reconnect and resubscribe, and
 * the live ranked list's rules (apply by sequence, resync on a gap). It imports nothing of the server.
 */
export * from './errors.js';
export * from './http-client.js';
export * from './ws-client.js';
export * from './live-list.js';
export * from './generated/graphql.js';
