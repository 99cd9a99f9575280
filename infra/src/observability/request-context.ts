import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Header carrying the request id from the client through the gateway to subgraphs and upstream calls. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What the code running on behalf of one request can learn about it. */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Ids a client may choose: short, printable, no spaces (they end up in logs and headers). */
const CLIENT_ID = /^[\w.:/@+=-]{1,128}$/;

/** The client's request id when it is acceptable, otherwise a new random one. */
export function toRequestId(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && CLIENT_ID.test(value) ? value : randomUUID();
}

/** Runs `work` (and everything it starts) as part of the request `context`. */
export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The request the current code runs for, or undefined outside of one (pollers, consumers). */
export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
