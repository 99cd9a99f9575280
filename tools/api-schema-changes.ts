/**
 * The rules of `npm run check:api`: a change of schema/api.graphql must not break the clients of the
 * previous version (graphql-js' findBreakingChanges) unless it is declared in schema/api-changes.json, and
 * every operation in operations/ must stay valid against it. Pure: callers read git and files.
 */
import { buildSchema, findBreakingChanges, findDangerousChanges, parse, validate, type GraphQLSchema } from 'graphql';

/** A breaking change someone decided to make, as graphql-js names it, and why. */
export interface DeclaredChange {
  type: string;
  description: string;
  reason: string;
}

/** One version of the API schema: its SDL and where it comes from (a commit, or the work tree). */
export interface SchemaVersion {
  source: string;
  sdl: string;
}

/** What the check found: `problems` fail it, `warnings` are printed. */
export interface ApiSchemaReport {
  problems: string[];
  warnings: string[];
}

/**
 * Checks each version against the one before it (`versions` oldest first; the last is the schema being
 * checked), and `operations` (the text of every operations/ file) against the last.
 */
export function checkApiSchema(
  versions: SchemaVersion[],
  operations: { file: string; text: string }[],
  declared: DeclaredChange[],
): ApiSchemaReport {
  const report: ApiSchemaReport = { problems: [], warnings: [] };
  const schemas = versions.map((version) => ({ ...version, schema: buildSchema(version.sdl) }));
  const isDeclared = (type: string, description: string) =>
    declared.some((change) => change.type === type && change.description === description);
  for (let i = 1; i < schemas.length; i++) {
    const [before, after] = [schemas[i - 1]!, schemas[i]!];
    for (const change of findBreakingChanges(before.schema, after.schema)) {
      if (isDeclared(change.type, change.description)) continue;
      report.problems.push(
        `breaking change from ${before.source} to ${after.source}: ${change.type}: ${change.description} ` +
          `(declare it in schema/api-changes.json to make it on purpose)`,
      );
    }
    for (const change of findDangerousChanges(before.schema, after.schema)) {
      report.warnings.push(`dangerous change from ${before.source} to ${after.source}: ${change.description}`);
    }
  }
  const latest = schemas.at(-1);
  if (latest) report.problems.push(...validateOperations(latest.schema, operations));
  return report;
}

/** Validates all operations/ files as one document (operations share fragments across files). */
function validateOperations(schema: GraphQLSchema, operations: { file: string; text: string }[]): string[] {
  const text = operations.map((op) => op.text).join('\n');
  const files = operations.map((op) => op.file).join(', ');
  let document;
  try {
    document = parse(text);
  } catch (error) {
    return [`operations/ (${files}) do not parse: ${String(error)}`];
  }
  return validate(schema, document).map((error) => {
    const line = error.locations?.[0]?.line;
    return `operations/${line === undefined ? '' : ` (${locateLine(operations, line)})`}: ${error.message}`;
  });
}

/** `file:line` of a line of the joined operations text. */
function locateLine(operations: { file: string; text: string }[], line: number): string {
  let first = 1;
  for (const op of operations) {
    const lines = op.text.split('\n').length;
    if (line < first + lines) return `${op.file}:${line - first + 1}`;
    first += lines;
  }
  return `line ${line}`;
}
