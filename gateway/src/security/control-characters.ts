import { ErrorCode } from '@memegraph/contracts';
import { GraphQLError, Kind, visit, type DocumentNode, type ValueNode } from 'graphql';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. No argument of this API
 * means one, and Postgres refuses NUL in text outright (which would surface as an internal error).
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const hasControlCharacter = (value: ValueNode): boolean => {
  switch (value.kind) {
    case Kind.STRING:
      return CONTROL_CHARACTER.test(value.value);
    case Kind.LIST:
      return value.values.some(hasControlCharacter);
    case Kind.OBJECT:
      return value.fields.some((field) => hasControlCharacter(field.value));
    default:
      return false;
  }
};

const hasControlCharacterIn = (value: unknown): boolean =>
  typeof value === 'string'
    ? CONTROL_CHARACTER.test(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(hasControlCharacterIn);

/**
 * What a document's own literals hold, by document: Apollo Server hands every request with the same query text
 * the same parsed DocumentNode (its document store), so the walk runs once per document, not per request.
 * Null: no literal argument holds one.
 */
const literalFindings = new WeakMap<DocumentNode, string | null>();

/** The first literal argument of `document` whose string value holds a control character. */
function findInLiterals(document: DocumentNode): string | null {
  let found = literalFindings.get(document);
  if (found !== undefined) return found;
  found = null;
  visit(document, {
    Argument(node) {
      if (found === null && hasControlCharacter(node.value)) found = node.name.value;
    },
  });
  literalFindings.set(document, found);
  return found;
}

/**
 * The first argument whose string value holds a control character, written in the document (its name) or
 * sent in the variables (`$name`); undefined when there is none. The document's literals are walked once per
 * parsed document; the variables are checked on every call.
 */
export function findControlCharacter(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
): string | undefined {
  const found = findInLiterals(document);
  if (found !== null) return found;
  const variable = Object.entries(variables ?? {}).find(([, value]) => hasControlCharacterIn(value));
  return variable && `$${variable[0]}`;
}

/** The client-facing refusal: BAD_USER_INPUT (HTTP 400) naming the argument. */
export const controlCharacterError = (argumentName: string): GraphQLError =>
  new GraphQLError(
    `Invalid argument "${argumentName}": must not contain control characters (U+0000-U+001F other than tab and line breaks, U+007F).`,
    { extensions: { code: ErrorCode.BAD_USER_INPUT, argumentName, http: { status: 400 } } },
  );
