import type { IncomingMessage } from 'node:http';
import { Header } from '@memegraph/contracts';
import { getRequestIdOf } from '@memegraph/infra';

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

/**
 * The context of an HTTP request that went through the request middleware (its id) and the read-after guard
 * (which dropped a token the tokens subgraph did not sign), on either path of /graphql.
 */
export function toGatewayContext(req: IncomingMessage): GatewayContext {
  const readAfter = req.headers[READ_AFTER_HEADER];
  return {
    readAfter: typeof readAfter === 'string' ? readAfter : undefined,
    headers: { authorization: req.headers.authorization, 'x-request-id': getRequestIdOf(req) },
  };
}
