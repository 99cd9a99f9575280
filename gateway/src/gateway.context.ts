import { Header } from '@memegraph/contracts';

/** Header carrying the read-your-writes consistency token between client, gateway and subgraphs (a contract). */
export const READ_AFTER_HEADER = Header.READ_AFTER;

/** Per-request context of the gateway. */
export interface GatewayContext {
  /** Client headers forwarded to every subgraph fetch. */
  headers: Partial<Record<'authorization' | 'x-request-id', string>>;
  /**
   * Latest read-after token of this operation: from the client, then from any subgraph response that
   * wrote, so later fetches of the same operation read their own writes. Returned to the client.
   */
  readAfter?: string;
}
