/**
 * HTTP headers one service sends and another reads. (Headers of the shared infrastructure itself, such as
 * the request id and the subgraph secret, are named by infra.)
 */
export const Header = {
  /**
   * Consistency token of read-your-writes: a tokens response that wrote carries the primary's WAL position;
   * a request that sends it back reads only from replicas that have replayed that far. The gateway passes
   * it between the subgraph fetches of one operation and to and from clients.
   */
  READ_AFTER: 'x-read-after',
} as const;
