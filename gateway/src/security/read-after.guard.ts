import { createSignedValues } from '@memegraph/infra';
import { READ_AFTER_HEADER } from '../gateway.context.js';
import type { HttpGuard } from './http-body-guard.js';

/**
 * A client's read-after token counts only as the tokens subgraph issued it: signed with SUBGRAPH_SECRET and
 * not expired (see tokens.server.ts). Anything else is dropped before the response cache and the subgraphs
 * see it, so a forged token neither skips the cache nor pins reads to the primary; the request is served
 * as if it had none. Without SUBGRAPH_SECRET (development only) tokens are bare WAL positions, taken as sent.
 */
export function createReadAfterGuard(subgraphSecret: string | undefined): HttpGuard {
  const tokens = createSignedValues(subgraphSecret);
  return (req, _res, next) => {
    const header = req.headers[READ_AFTER_HEADER];
    if (header !== undefined && (typeof header !== 'string' || tokens.verify(header) === undefined)) {
      delete req.headers[READ_AFTER_HEADER];
    }
    next();
  };
}
