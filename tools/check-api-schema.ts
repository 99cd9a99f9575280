/**
 * `npm run check:api`: fails when schema/api.graphql breaks the clients of an earlier committed version
 * (each committed version against the one before it, then the work tree against the last commit) without
 * declaring it in schema/api-changes.json, or when an operation in operations/ is not valid against it.
 * Runs in the current directory's git repository (the test runs it in a scratch one).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkApiSchema, type DeclaredChange, type SchemaVersion } from './api-schema-changes.js';

const SCHEMA = 'schema/api.graphql';
const DECLARED = 'schema/api-changes.json';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Every committed version of the API schema, oldest first (first-parent history), then the work tree's. */
function readVersions(): SchemaVersion[] {
  const commits = git('log', '--first-parent', '--reverse', '--format=%h', '--', SCHEMA).split('\n').filter(Boolean);
  const versions: SchemaVersion[] = [];
  for (const commit of commits) {
    let sdl: string;
    try {
      sdl = git('show', `${commit}:${SCHEMA}`);
    } catch {
      continue; // the commit removed the file
    }
    if (versions.at(-1)?.sdl !== sdl) versions.push({ source: commit, sdl });
  }
  const current = readFileSync(SCHEMA, 'utf8');
  if (versions.at(-1)?.sdl !== current) versions.push({ source: 'the work tree', sdl: current });
  return versions;
}

const declared: DeclaredChange[] = existsSync(DECLARED)
  ? (JSON.parse(readFileSync(DECLARED, 'utf8')) as { changes: DeclaredChange[] }).changes
  : [];
const operations = readdirSync('operations')
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join('operations', file), 'utf8') }));
const versions = readVersions();
const report = checkApiSchema(versions, operations, declared);
for (const warning of report.warnings) console.warn(`warning: ${warning}`);
for (const problem of report.problems) console.error(problem);
if (report.problems.length > 0) process.exit(1);
console.log(
  `schema/api.graphql: ${versions.length} versions, no undeclared breaking change; ` +
    `${operations.length} operations/ files valid against it.`,
);
