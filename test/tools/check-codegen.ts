/**
 * check:codegen — regenerates the typed resolvers and fails when they differ from what was there
 * (committed files must be regenerated with `npm run codegen`, never edited by hand).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';

const config = parse(readFileSync('codegen.yml', 'utf8')) as { generates: Record<string, unknown> };
const outputs = Object.keys(config.generates);
const before = new Map(outputs.map((file) => [file, existsSync(file) ? readFileSync(file, 'utf8') : null]));
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
const drifted = outputs.filter((file) => readFileSync(file, 'utf8') !== before.get(file));
if (drifted.length > 0) {
  console.error(`generated resolver types were out of date (now regenerated, commit them): ${drifted.join(', ')}`);
  process.exit(1);
}
console.log(`generated resolver types are up to date (${outputs.length} files).`);
