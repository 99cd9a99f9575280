/**
 * `npm run check:api` run as CI runs it (the script, in a git repository): a scratch repository holds a copy
 * of the committed API schema and the real operations/, and each case commits a schema change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parse, print, visit } from 'graphql';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repoRoot, 'node_modules/.bin/tsx');
const script = join(repoRoot, 'tools/check-api-schema.ts');
let dir: string;

const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir });
const schemaPath = () => join(dir, 'schema/api.graphql');

/** Commits `sdl` as schema/api.graphql. */
function commitSchema(sdl: string, message: string): void {
  writeFileSync(schemaPath(), sdl);
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

/** The SDL with `field` removed from object type `type`. */
function withoutField(sdl: string, type: string, field: string): string {
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: (node) =>
        node.name.value === type ? { ...node, fields: node.fields?.filter((f) => f.name.value !== field) } : undefined,
    }),
  );
}

/** Runs check:api in the scratch repository. */
function checkApi(): { status: number | null; output: string } {
  const result = spawnSync(tsx, [script], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memegraph-check-api-'));
  mkdirSync(join(dir, 'schema'));
  cpSync(join(repoRoot, 'operations'), join(dir, 'operations'), { recursive: true });
  git('init', '-q');
  commitSchema(readFileSync(join(repoRoot, 'schema/api.graphql'), 'utf8'), 'the API schema as committed');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('check:api', () => {
  it('passes the committed schema with the operations/ of this repository', () => {
    expect(checkApi()).toEqual({ status: 0, output: expect.stringContaining('no undeclared breaking change') });
  });

  it('fails when a field that operations/ use is removed, naming the change and the operation', () => {
    writeFileSync(schemaPath(), withoutField(readFileSync(schemaPath(), 'utf8'), 'TokenMarket', 'stale'));

    const { status, output } = checkApi();

    expect(status).toBe(1);
    expect(output).toContain('FIELD_REMOVED: TokenMarket.stale was removed.');
    expect(output).toMatch(/token-row\.graphql:\d+\): Cannot query field "stale" on type "TokenMarket"/);
  });

  it('fails on a breaking change committed earlier, even when later commits do not break anything', () => {
    const sdl = readFileSync(schemaPath(), 'utf8');
    commitSchema(withoutField(sdl, 'UpstreamStatus', 'requestsLastMinute'), 'remove a field no operation uses');
    commitSchema(`${withoutField(sdl, 'UpstreamStatus', 'requestsLastMinute')}\nscalar Extra\n`, 'add a scalar');

    const { status, output } = checkApi();

    expect(status).toBe(1);
    expect(output).toContain('FIELD_REMOVED: UpstreamStatus.requestsLastMinute was removed.');
  });

  it('passes a breaking change declared in schema/api-changes.json', () => {
    const change = { type: 'FIELD_REMOVED', description: 'UpstreamStatus.requestsLastMinute was removed.' };
    writeFileSync(join(dir, 'schema/api-changes.json'), JSON.stringify({ changes: [{ ...change, reason: 'test' }] }));
    commitSchema(withoutField(readFileSync(schemaPath(), 'utf8'), 'UpstreamStatus', 'requestsLastMinute'), 'declared');

    expect(checkApi()).toEqual({ status: 0, output: expect.stringContaining('no undeclared breaking change') });
  });
});
