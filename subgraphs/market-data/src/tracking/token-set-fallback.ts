import { ErrorCode } from '@memegraph/contracts';
import { domainError, type RedisAvailability } from '@memegraph/infra';
import type { TokenSetPort } from './token-set.js';

/**
 * The token sets with fallbacks for what requests wait on, while Redis cannot answer: demand (`touch`, a
 * polling hint) is dropped, and `listable` (Query.tokens) answers with the last list Redis gave. What the
 * pollers and the tracking consumer call is unchanged: they retry on their own schedule.
 */
export function withRedisFallbacks(tokens: TokenSetPort, availability: RedisAvailability): TokenSetPort {
  // Undefined until Redis first answered: an empty list then would claim "no tokens", not "unknown".
  let lastListable: string[] | undefined;
  return {
    ...tokens,
    touch: (tokenKeys, nowMs) =>
      availability.run(
        'demand',
        () => tokens.touch(tokenKeys, nowMs),
        () => undefined,
      ),
    listable: () =>
      availability.run(
        'token-list',
        async () => (lastListable = await tokens.listable()),
        (error) => {
          if (lastListable === undefined) {
            throw domainError(
              ErrorCode.SERVICE_BUSY,
              'The token list is unavailable until Redis answers; retry shortly.',
              { retryable: true, cause: error instanceof Error ? error.message : String(error) },
            );
          }
          return lastListable;
        },
      ),
  };
}
