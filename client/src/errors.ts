/** One error of a GraphQL response, as the API sends it (a stable `extensions.code`, see the README). */
export interface GraphQLResponseError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * A request that brought no usable data: the API answered with errors (each with its `code`), or the
 * HTTP exchange failed (`status` set, `errors` empty when the body was no GraphQL response).
 */
export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';

  constructor(
    message: string,
    /** The response's errors, in order. */
    readonly errors: GraphQLResponseError[],
    /** The HTTP status, when the request went over HTTP. */
    readonly status?: number,
  ) {
    super(message);
  }

  /** The error codes of the response, in order (`INTERNAL_SERVER_ERROR` for an error without one). */
  get codes(): string[] {
    return this.errors.map((error) => error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  }

  /** Seconds to wait before retrying, when the API said (`RATE_LIMITED`, `UPSTREAM_BUSY`, `PRIMARY_UNAVAILABLE`). */
  get retryAfterSeconds(): number | undefined {
    const value = this.errors.find((error) => typeof error.extensions?.retryAfterSeconds === 'number')?.extensions;
    return value?.retryAfterSeconds as number | undefined;
  }
}
