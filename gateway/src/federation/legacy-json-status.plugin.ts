import type { ApolloServerPlugin } from '@apollo/server';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

/**
 * Request errors that GraphQL over HTTP's legacy rules answer with 200 for `application/json`: the document
 * does not parse, does not validate, or its variables do not coerce — Apollo Server's own errors for these
 * (by class name) that still carry their code once formatted. The gateway's refusals (limits, control
 * characters, trusted documents, rate limits) are its own errors or formatted to their own codes, and keep
 * their documented statuses.
 */
const LEGACY_OK = new Map([
  ['SyntaxError', 'GRAPHQL_PARSE_FAILED'],
  ['ValidationError', 'GRAPHQL_VALIDATION_FAILED'],
  ['UserInputError', 'BAD_USER_INPUT'],
]);

/**
 * Which of the two GraphQL response types the request prefers, the way Apollo Server chooses its
 * content-type (Negotiator: highest q, then the more specific range, then the earlier range; a tie or a
 * missing header is `application/json`). `undefined` when it accepts neither.
 */
export function getPreferredResponseType(accept: string | undefined): string | undefined {
  if (!accept) return JSON_TYPE;
  const ranges = accept.split(',').map((part, order) => {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return { range, q: q === undefined ? 1 : Number(q.slice(2)), order };
  });
  const rank = (type: string, index: number) => {
    const [major] = type.split('/');
    const matches = ranges
      .map((r) => ({
        ...r,
        specificity: r.range === type ? 2 : r.range === `${major}/*` ? 1 : r.range === '*/*' ? 0 : -1,
      }))
      .filter((r) => r.specificity >= 0)
      .sort((a, b) => b.specificity - a.specificity);
    const best = matches[0];
    return best && best.q > 0
      ? { type, q: best.q, specificity: best.specificity, order: best.order, index }
      : undefined;
  };
  const candidates = [rank(JSON_TYPE, 0), rank(GRAPHQL_RESPONSE_TYPE, 1)].filter((c) => c !== undefined);
  candidates.sort((a, b) => b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.index - b.index);
  return candidates[0]?.type;
}

/**
 * GraphQL over HTTP's legacy watershed: a well-formed request answered in `application/json` gets 200 even
 * when its document fails to parse or validate or its variables do not coerce (the spec's SHOULD; a
 * client of `application/json` reads `errors`, not the status). Apollo Server answers 400 whatever the
 * media type; with `application/graphql-response+json` that 400 is what the spec asks, and stays.
 */
export const legacyJsonStatusPlugin: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    if (!request.http || getPreferredResponseType(request.http.headers.get('accept')) !== JSON_TYPE) return;
    return {
      async willSendResponse({ response, errors = [] }) {
        if (response.http.status !== 400 || response.body.kind !== 'single') return;
        const { data, errors: formatted = [] } = response.body.singleResult;
        if (data !== undefined || errors.length === 0 || errors.length !== formatted.length) return;
        const legacy = errors.every((error, i) => LEGACY_OK.get(error.name) === formatted[i]?.extensions?.code);
        if (legacy) response.http.status = 200;
      },
    };
  },
};
