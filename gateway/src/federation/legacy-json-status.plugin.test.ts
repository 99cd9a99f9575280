import { describe, expect, test } from '@jest/globals';
import { getPreferredResponseType } from './legacy-json-status.plugin.js';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

describe('getPreferredResponseType (as Apollo Server picks its content-type)', () => {
  test.each([
    ['no header', undefined, JSON_TYPE],
    ['*/*', '*/*', JSON_TYPE],
    ['application/*', 'application/*', JSON_TYPE],
    ['application/json', JSON_TYPE, JSON_TYPE],
    ['graphql-response+json', GRAPHQL_RESPONSE, GRAPHQL_RESPONSE],
    ['both at q=1, graphql-response first', `${GRAPHQL_RESPONSE}, ${JSON_TYPE}`, GRAPHQL_RESPONSE],
    ['both at q=1, json first', `${JSON_TYPE}, ${GRAPHQL_RESPONSE}`, JSON_TYPE],
    ['json at a lower q', `${GRAPHQL_RESPONSE}, ${JSON_TYPE};q=0.9`, GRAPHQL_RESPONSE],
    ['graphql-response at a lower q', `${GRAPHQL_RESPONSE};q=0.5, ${JSON_TYPE}`, JSON_TYPE],
    ['exact graphql-response over */*', `*/*, ${GRAPHQL_RESPONSE}`, GRAPHQL_RESPONSE],
    ['json refused with q=0 under */*', `${JSON_TYPE};q=0, */*`, GRAPHQL_RESPONSE],
    ['neither', 'text/html', undefined],
    ['browser Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', JSON_TYPE],
  ])('%s', (_name, accept, expected) => {
    expect(getPreferredResponseType(accept)).toBe(expected);
  });
});
