import { CloseCode as GraphqlWsCloseCode } from 'graphql-ws';

/**
 * Every code the gateway closes a WebSocket with, in one place (clients and the README rely on them):
 * RFC 6455's registry, graphql-ws's own protocol codes, and ours in the private 4000–4999 range.
 */
export const WebSocketCloseCode = {
  /** RFC 6455: the WebSocket server itself is being disposed. */
  GOING_AWAY: 1001,
  /** RFC 6455 registry (Service Restart): the instance stops; clients reconnect to another one. */
  SERVICE_RESTART: 1012,
  /** A client that does not read fast enough (WS_MAX_BUFFERED_BYTES); graphql-ws leaves 4008 free. */
  SLOW_CONSUMER: 4008,
  /** graphql-ws: connection_init refused (WS_AUTH_TOKEN). */
  FORBIDDEN: GraphqlWsCloseCode.Forbidden,
  /** graphql-ws: no connection_init within WS_INIT_TIMEOUT_MS. */
  CONNECTION_INIT_TIMEOUT: GraphqlWsCloseCode.ConnectionInitialisationTimeout,
  /** graphql-ws: the server failed handling the socket. */
  INTERNAL_SERVER_ERROR: GraphqlWsCloseCode.InternalServerError,
} as const;

export type WebSocketCloseCode = (typeof WebSocketCloseCode)[keyof typeof WebSocketCloseCode];
