/**
 * Static checks of docker/ that need no Docker engine: the compose file against the Dockerfile it
 * builds from and the files it mounts, and the promises docker/README.md makes (every service healthy
 * before its dependents start, images run as non-root, only nginx publishes a port). Pure: text in,
 * problems out. `npm run check:docker` (check-docker.ts) feeds it the real files.
 */
import { parse, parseAllDocuments } from 'yaml';

/** One `FROM … AS name` stage and what it sets itself. */
export interface DockerStage {
  name: string;
  /** The image or earlier stage it starts from. */
  from: string;
  user?: string;
  healthcheck: boolean;
  /** Its instructions after FROM, one per line (continuations joined). */
  instructions: string[];
}

/** Splits a Dockerfile into stages (continuation lines joined, comments dropped). */
export function parseDockerStages(dockerfile: string): DockerStage[] {
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of instructions) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const stage = stages.at(-1);
    if (keyword.toUpperCase() !== 'FROM') stage?.instructions.push(line);
    switch (keyword.toUpperCase()) {
      case 'FROM': {
        const args = rest.filter((arg) => !arg.startsWith('--'));
        const asIndex = args.findIndex((arg) => arg.toUpperCase() === 'AS');
        stages.push({
          name: asIndex >= 0 ? args[asIndex + 1]! : `#${stages.length}`,
          from: args[0]!,
          healthcheck: false,
          instructions: [],
        });
        break;
      }
      case 'USER':
        if (stage) stage.user = rest[0];
        break;
      case 'HEALTHCHECK':
        if (stage) stage.healthcheck = rest[0]?.toUpperCase() !== 'NONE';
        break;
    }
  }
  return stages;
}

/** USER and HEALTHCHECK of a stage as built: its own, else inherited from the stage it starts from. */
export function getEffectiveStage(
  stages: DockerStage[],
  name: string,
): { user?: string; healthcheck: boolean } | undefined {
  const stage = stages.find((s) => s.name === name);
  if (!stage) return undefined;
  const parent = stages.some((s) => s.name === stage.from) ? getEffectiveStage(stages, stage.from) : undefined;
  return { user: stage.user ?? parent?.user, healthcheck: stage.healthcheck || (parent?.healthcheck ?? false) };
}

interface ComposeService {
  build?: { context?: string; dockerfile?: string; target?: string };
  healthcheck?: { test?: unknown; disable?: boolean };
  depends_on?: Record<string, { condition?: string }> | string[];
  volumes?: Array<string | { type?: string; source?: string }>;
  ports?: unknown[];
  environment?: Record<string, unknown>;
}

interface ComposeFile {
  services?: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The files a compose check reads besides compose.yaml, by path relative to the compose file's directory. */
export interface DockerFiles {
  compose: string;
  /** Reads a file relative to the compose file's directory; undefined when it does not exist. */
  read(path: string): string | undefined;
  /** The nginx config template whose `${NGINX_*}` placeholders the nginx service must define. */
  nginxTemplate: string;
}

/** What the issue asks the topology to contain. */
export const REQUIRED_SERVICES = [
  'nginx',
  'gateway-1',
  'gateway-2',
  'tokens',
  'market-data',
  'postgres-primary',
  'postgres-replica',
  'redis',
];

const ROOT_USERS = new Set(['root', '0', '0:0', 'root:root']);

/** Every problem found in docker/ (empty when consistent). */
export function checkDockerFiles(files: DockerFiles): string[] {
  const problems: string[] = [];
  const compose = parse(files.compose, { merge: true }) as ComposeFile;
  const services = compose.services ?? {};
  for (const name of REQUIRED_SERVICES) if (!services[name]) problems.push(`compose: no service ${name}`);

  const healthy = new Map<string, boolean>();
  for (const [name, service] of Object.entries(services)) {
    let imageHealthcheck = false;
    if (service.build) {
      const dockerfilePath = service.build.dockerfile ?? 'Dockerfile';
      // build.context is relative to the compose file; the dockerfile relative to the context.
      const dockerfile = files.read(`${service.build.context ?? '.'}/${dockerfilePath}`);
      if (dockerfile === undefined) {
        problems.push(`${name}: build.dockerfile ${dockerfilePath} does not exist`);
      } else {
        const target = service.build.target;
        const effective = target ? getEffectiveStage(parseDockerStages(dockerfile), target) : undefined;
        if (!target) problems.push(`${name}: build has no target (the Dockerfile holds one stage per service)`);
        else if (!effective) problems.push(`${name}: Dockerfile has no stage ${target}`);
        else {
          if (!effective.user || ROOT_USERS.has(effective.user)) problems.push(`${name}: stage ${target} runs as root`);
          imageHealthcheck = effective.healthcheck;
        }
      }
    }
    const composeHealthcheck = Boolean(service.healthcheck?.test) && !service.healthcheck?.disable;
    healthy.set(name, composeHealthcheck || imageHealthcheck);
    if (!healthy.get(name)) problems.push(`${name}: no healthcheck (in compose or in its image)`);
    if (service.ports?.length && name !== 'nginx') problems.push(`${name}: publishes ports; only nginx should`);
    for (const volume of service.volumes ?? []) {
      const source = typeof volume === 'string' ? volume.split(':')[0]! : (volume.source ?? '');
      if (source.startsWith('.') || source.startsWith('/')) {
        if (files.read(source) === undefined) problems.push(`${name}: mounted file ${source} does not exist`);
      } else if (!(source in (compose.volumes ?? {}))) {
        problems.push(`${name}: volume ${source} is not declared under volumes:`);
      }
    }
  }
  for (const [name, service] of Object.entries(services)) {
    const dependencies = Array.isArray(service.depends_on)
      ? Object.fromEntries(service.depends_on.map((dependency) => [dependency, {} as { condition?: string }]))
      : (service.depends_on ?? {});
    for (const [dependency, { condition }] of Object.entries(dependencies)) {
      if (!services[dependency]) problems.push(`${name}: depends on unknown service ${dependency}`);
      else if (condition === 'service_healthy' && !healthy.get(dependency))
        problems.push(`${name}: waits for ${dependency} to be healthy, which has no healthcheck`);
    }
  }
  const nginxEnv = services.nginx?.environment ?? {};
  for (const [, placeholder] of files.nginxTemplate.matchAll(/\$\{(\w+)\}/g)) {
    if (!(placeholder! in nginxEnv))
      problems.push(`nginx: template placeholder \${${placeholder}} is not set in its environment`);
  }
  return [...new Set(problems)];
}

/**
 * The autoscaling manifests (docker/k8s/*.yaml, by file name) parse as YAML, and every memegraph_*
 * metric they scale on is one the services export (`metricSources`: their /metrics code), so a renamed
 * metric cannot leave an HPA watching nothing.
 */
export function checkScalingManifests(manifests: Record<string, string>, metricSources: string): string[] {
  const problems: string[] = [];
  for (const [file, text] of Object.entries(manifests)) {
    const error = parseAllDocuments(text).flatMap((document) => document.errors)[0];
    if (error) {
      problems.push(`k8s/${file}: not valid YAML (${error.message})`);
      continue;
    }
    const metrics = new Set(text.match(/\bmemegraph_[a-z_]+\b/g) ?? []);
    for (const metric of metrics) {
      if (!metricSources.includes(metric)) problems.push(`k8s/${file}: scales on ${metric}, which no service exports`);
    }
  }
  return problems;
}
