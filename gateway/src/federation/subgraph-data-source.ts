import { ErrorCode } from '@memegraph/contracts';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { injectTraceHeaders, SUBGRAPH_SECRET_HEADER, type Logger } from '@memegraph/infra';
import { READ_AFTER_HEADER, type GatewayContext } from '../gateway.context.js';
import type { Fetcher } from './undici-fetcher.js';

/** Headers of the client request that subgraphs need (admin key, tracing). */
type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

/** How a subgraph fetch ended: answered, failed (refused, reset, HTTP error), or cut at its deadline. */
export type SubgraphFetchOutcome = 'ok' | 'unavailable' | 'timeout';

/**
 * A subgraph fetch through `fetcher` (pooled keep-alive HTTP with one deadline per fetch, queueing
 * included: see undici-fetcher.ts and gateway-performance.ts). A subgraph that cannot be reached, or does
 * not answer within SUBGRAPH_TIMEOUT_MS, yields a GraphQL error with code SUBGRAPH_UNAVAILABLE for its part
 * of the plan, so the client still gets the other subgraphs' data, never an HTTP 500.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraphName: string,
    url: string,
    private readonly log: Logger,
    /** SUBGRAPH_SECRET, sent with every fetch: the subgraphs refuse requests without it. */
    private readonly subgraphSecret: string | undefined,
    /** Called after every fetch with its duration and how it ended. */
    private readonly onFetch: (subgraph: string, seconds: number, outcome: SubgraphFetchOutcome) => void,
    fetcher: Fetcher,
  ) {
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    for (const name of FORWARDED_HEADERS) {
      const value = context?.headers?.[name];
      if (value) request.http?.headers.set(name, value);
    }
    if (context?.readAfter) request.http?.headers.set(READ_AFTER_HEADER, context.readAfter);
    if (this.subgraphSecret) request.http?.headers.set(SUBGRAPH_SECRET_HEADER, this.subgraphSecret);
    injectTraceHeaders((name, value) => request.http?.headers.set(name, value));
  }

  override didReceiveResponse({
    response,
    context,
  }: Parameters<
    NonNullable<RemoteGraphQLDataSource<GatewayContext>['didReceiveResponse']>
  >[0]): GatewayGraphQLResponse {
    const readAfter = response.http?.headers.get(READ_AFTER_HEADER);
    if (readAfter && context) context.readAfter = readAfter;
    return response;
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = performance.now();
    try {
      const response = await super.process(options);
      this.onFetch(this.subgraphName, (performance.now() - started) / 1000, 'ok');
      return response;
    } catch (error) {
      // AbortSignal.timeout's reason: the fetch deadline (SUBGRAPH_TIMEOUT_MS) passed.
      const outcome = (error as Error).name === 'TimeoutError' ? 'timeout' : 'unavailable';
      this.onFetch(this.subgraphName, (performance.now() - started) / 1000, outcome);
      const requestId = options.context?.headers?.['x-request-id'];
      this.log.warn(
        { subgraph: this.subgraphName, outcome, err: (error as Error).message, ...(requestId && { requestId }) },
        'subgraph fetch failed',
      );
      return {
        errors: [
          {
            message: `The ${this.subgraphName} service is unavailable; its fields are missing from this response.`,
            extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE },
          },
        ],
      } as GatewayGraphQLResponse;
    }
  }
}
