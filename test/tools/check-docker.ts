/**
 * check:docker — validates docker/ without a Docker engine (none runs here or in CI):
 * 1. compose.yaml against the Dockerfile stages it builds and the files it mounts (docker-checks.ts),
 *    and the service images' shape: built in a build stage, production dependencies and dist/ only,
 *    `node dist/main.js` on the current Node LTS, no build tool in any workspace's dependencies
 *    (docker-image-checks.ts);
 * 2. docker/k8s/*.yaml parse and scale on metrics the services export, validate against the Kubernetes
 *    schemas, declare no unknown field (k8s-fields.ts) and agree with the services: env names their
 *    configs read, probes on their /ready and /health, grace periods longer than their drains (k8s-checks.ts);
 * 3. docker/nginx.conf.template rendered for loopback gateways, through `nginx -t` (Debian's nginx;
 *    .ci/run installs it). hadolint and `docker compose config` are not available here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NGINX_TEMPLATE_PATH, renderNginxConfig, testNginxConfig, toLoopbackValues } from '../harness/nginx.js';
import { getWorkspaceDirs, repoRoot } from '../../tools/workspaces.js';
import { checkDockerFiles, checkScalingManifests } from './docker-checks.js';
import { checkKubernetesManifests } from './k8s-checks.js';
import { checkManifestFields } from './k8s-fields.js';
import { loadServiceContracts } from './k8s-contracts.js';
import { checkServiceImages, type WorkspaceManifest } from './docker-image-checks.js';

const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const read = (path: string) => {
  const full = join(dockerDir, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
};

/** Every non-test TypeScript source under `dirs` (repo-relative), concatenated. */
function readSources(dirs: string[]): string {
  const root = join(dockerDir, '..');
  return dirs
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map((file) => readFileSync(join(root, dir, file), 'utf8')),
    )
    .join('\n');
}

const problems = checkDockerFiles({
  compose: read('compose.yaml') ?? '',
  read,
  nginxTemplate: readFileSync(NGINX_TEMPLATE_PATH, 'utf8'),
});
const workspaceManifests = Object.fromEntries(
  getWorkspaceDirs().map((dir) => [
    dir,
    JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as WorkspaceManifest,
  ]),
);
problems.push(
  ...checkServiceImages(read('Dockerfile') ?? '', ['gateway', 'tokens', 'market-data'], workspaceManifests),
);
const manifests = Object.fromEntries(
  readdirSync(join(dockerDir, 'k8s'))
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => [file, read(`k8s/${file}`)!]),
);
const metricsDirs = ['gateway/src', 'subgraphs/tokens/src', 'subgraphs/market-data/src', 'infra/src'];
problems.push(...checkScalingManifests(manifests, readSources(metricsDirs)));
problems.push(...checkKubernetesManifests(manifests, loadServiceContracts(repoRoot)));
problems.push(...checkManifestFields(manifests, repoRoot));
try {
  // Loopback addresses on a port nothing listens on: nginx -t resolves upstream names, and Docker's
  // service names do not resolve outside compose.
  testNginxConfig(
    renderNginxConfig(toLoopbackValues({ listen: 1, status: 4 }, ['127.0.0.1:2', '127.0.0.1:3'], '/dev/null')),
  );
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
}
if (problems.length > 0) {
  console.error(`docker/ has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  'docker/ is consistent: compose services, Dockerfile stages, mounts, health checks; images built in a build stage, ' +
    'dist/ and production dependencies only, node dist/main.js on the current Node LTS; k8s objects valid against the Kubernetes schemas, their env, probes and grace periods agreeing with the services, metrics exported; nginx -t ok.',
);
