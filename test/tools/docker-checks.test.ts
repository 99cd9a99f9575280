import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import {
  checkDockerFiles,
  checkScalingManifests,
  getEffectiveStage,
  parseDockerStages,
  type DockerFiles,
} from './docker-checks.js';

const dockerDir = fileURLToPath(new URL('../../docker/', import.meta.url));
const readDocker = (path: string) => {
  const full = join(dockerDir, path);
  return existsSync(full) ? readFileSync(full, 'utf8') : undefined;
};
const shipped: DockerFiles = {
  compose: readDocker('compose.yaml')!,
  read: readDocker,
  nginxTemplate: readDocker('nginx.conf.template')!,
};

const DOCKERFILE = `
FROM node:20 AS base
HEALTHCHECK CMD true
FROM base AS app
USER node
FROM base AS rooted
FROM node:20 AS unhealthy
USER node
`;

/** A one-service compose file around `service`, with a Dockerfile and nginx as given. */
const files = (services: string, extra: Partial<DockerFiles> = {}): DockerFiles => ({
  compose: `services:\n${services}`,
  read: (path) => (path === './Dockerfile' ? DOCKERFILE : path === './init.sh' ? 'echo' : undefined),
  nginxTemplate: '',
  ...extra,
});

describe('docker/ static checks', () => {
  it('finds nothing wrong with the shipped compose file, Dockerfile and nginx template', () => {
    expect(checkDockerFiles(shipped)).toEqual([]);
  });

  it('inherits USER and HEALTHCHECK from the stage a target starts from', () => {
    const stages = parseDockerStages(DOCKERFILE);
    expect(getEffectiveStage(stages, 'app')).toEqual({ user: 'node', healthcheck: true });
    expect(getEffectiveStage(stages, 'rooted')).toEqual({ user: undefined, healthcheck: true });
    expect(getEffectiveStage(stages, 'missing')).toBeUndefined();
  });

  it.each([
    ['an image running as root', `  a:\n    build: { context: ., target: rooted }\n`, 'a: stage rooted runs as root'],
    ['a missing build target', `  a:\n    build: { context: ., target: nope }\n`, 'a: Dockerfile has no stage nope'],
    [
      'a service without a healthcheck',
      `  a:\n    build: { context: ., target: unhealthy }\n`,
      'a: no healthcheck (in compose or in its image)',
    ],
    [
      'a wait for health that can never come',
      `  a:\n    image: x\n    depends_on: { b: { condition: service_healthy } }\n  b:\n    image: y\n`,
      'a: waits for b to be healthy, which has no healthcheck',
    ],
    ['an unknown dependency', `  a:\n    image: x\n    depends_on: [c]\n`, 'a: depends on unknown service c'],
    [
      'a missing mounted file',
      `  a:\n    image: x\n    volumes: ['./gone.sh:/x']\n`,
      'a: mounted file ./gone.sh does not exist',
    ],
    [
      'an undeclared volume',
      `  a:\n    image: x\n    volumes: ['data:/x']\n`,
      'a: volume data is not declared under volumes:',
    ],
    [
      'a published port off nginx',
      `  a:\n    image: x\n    ports: ['80:80']\n`,
      'a: publishes ports; only nginx should',
    ],
  ])('reports %s', (_name, services, problem) => {
    expect(checkDockerFiles(files(services))).toContain(problem);
  });

  it('reports the required services that are missing and nginx template placeholders left unset', () => {
    const problems = checkDockerFiles(
      files(`  nginx:\n    image: nginx\n    environment: { NGINX_LISTEN: 8080 }\n`, {
        nginxTemplate: 'listen ${NGINX_LISTEN}; server ${NGINX_GATEWAY_1};',
      }),
    );
    expect(problems).toContain('compose: no service gateway-2');
    expect(problems).toContain('nginx: template placeholder ${NGINX_GATEWAY_1} is not set in its environment');
    expect(problems.join('\n')).not.toContain('NGINX_LISTEN');
  });
});

describe('autoscaling manifest checks', () => {
  it('reports a metric no service exports and a manifest that is not YAML', () => {
    const problems = checkScalingManifests(
      { 'hpa.yaml': 'metric:\n  name: memegraph_ws_connections\n  other: memegraph_gone_total\n', 'bad.yaml': 'a: [' },
      "lines.push('memegraph_ws_connections 1')",
    );
    expect(problems).toEqual([
      'k8s/hpa.yaml: scales on memegraph_gone_total, which no service exports',
      expect.stringContaining('k8s/bad.yaml: not valid YAML'),
    ]);
  });
});
