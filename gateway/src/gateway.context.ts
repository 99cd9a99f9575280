/** Per-request context of the gateway: the client headers forwarded to subgraphs. */
export interface GatewayContext {
  headers: Partial<Record<'authorization' | 'x-request-id', string>>;
}
