/** The npm workspaces of this repository, read from the root package.json. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (absolute, with a trailing slash). */
export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** The workspace folders of the root package.json, with `dir/*` entries expanded. */
export function getWorkspaceDirs(): string[] {
  const { workspaces = [] } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  return workspaces.flatMap((entry) =>
    entry.endsWith('/*')
      ? readdirSync(join(repoRoot, entry.slice(0, -2)), { withFileTypes: true })
          .filter((item) => item.isDirectory())
          .map((item) => `${entry.slice(0, -2)}/${item.name}`)
      : [entry],
  );
}
