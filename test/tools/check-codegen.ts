/**
 * check:codegen — regenerates what `npm run codegen` writes (the typed resolvers, the SDK's typed operations
 * and the trusted-documents manifest) and fails when it differs from what was there (committed files must be
 * regenerated with `npm run codegen`, never edited by hand).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const config = parse(readFileSync('codegen.yml', 'utf8')) as { generates: Record<string, unknown> };
const manifest = 'operations/trusted-documents.json';

/** The generated files: a `generates` key ending in `/` (the client preset) is a folder of them. */
const listOutputs = (): string[] => [
  ...Object.keys(config.generates).flatMap((output) =>
    output.endsWith('/') ? (existsSync(output) ? readdirSync(output).map((file) => join(output, file)) : []) : [output],
  ),
  manifest,
];
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : null);

const before = new Map(listOutputs().map((file) => [file, read(file)]));
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--silent'], { stdio: 'inherit' });
execFileSync('npx', ['tsx', 'tools/trusted-documents.ts'], { stdio: 'ignore' });
const outputs = [...new Set([...before.keys(), ...listOutputs()])];
const drifted = outputs.filter((file) => read(file) !== before.get(file));
if (drifted.length > 0) {
  console.error(`generated files were out of date (now regenerated, commit them): ${drifted.join(', ')}`);
  process.exit(1);
}
console.log(`generated resolver types, SDK operations and trusted documents are up to date (${outputs.length} files).`);
