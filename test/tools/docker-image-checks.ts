/**
 * Static checks of the images docker/Dockerfile builds (no Docker engine here): a build stage compiles,
 * and each service stage carries only what production runs — production dependencies, compiled dist/
 * folders, schema files — and starts `node dist/main.js` on the current Node LTS. Pure: text in, problems
 * out; check-docker.ts feeds it the real Dockerfile and workspace manifests.
 */
import { parseDockerStages, type DockerStage } from './docker-checks.js';

/** The Node major the images run: the current LTS (CI keeps testing the `engines` minimum). */
export const IMAGE_NODE_MAJOR = 26;

/** What a service image starts. */
export const SERVICE_COMMAND = ['node', 'dist/main.js'];

/** Build tools no workspace may list in `dependencies` (they would land in every production install). */
export const BUILD_ONLY_PACKAGES = [
  'tsx',
  'esbuild',
  'typescript',
  '@swc/core',
  'graphiql',
  '@graphiql/toolkit',
  'react',
  'react-dom',
];

/** The part of a workspace's package.json these checks read. */
export interface WorkspaceManifest {
  dependencies?: Record<string, string>;
}

/** The stage `name` and the stages it starts from, itself first. */
function getStageChain(stages: DockerStage[], name: string): DockerStage[] {
  const stage = stages.find((s) => s.name === name);
  return stage ? [stage, ...getStageChain(stages, stage.from)] : [];
}

const keywordOf = (instruction: string) => instruction.split(/\s+/, 1)[0]!.toUpperCase();

/** The image a stage's FROM names, with `${ARG}` replaced by the ARG's default. */
function resolveImage(dockerfile: string, from: string): string {
  return from.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => {
    return new RegExp(`^ARG\\s+${arg}=(\\S+)`, 'm').exec(dockerfile)?.[1] ?? `\${${arg}}`;
  });
}

/** Problems with the service images `targets` of `dockerfile`, and with the workspaces' `manifests`. */
export function checkServiceImages(
  dockerfile: string,
  targets: string[],
  manifests: Record<string, WorkspaceManifest>,
): string[] {
  const problems: string[] = [];
  const stages = parseDockerStages(dockerfile);
  const builds = stages.filter((stage) =>
    stage.instructions.some((i) => keywordOf(i) === 'RUN' && /\bnpm run build\b/.test(i)),
  );
  if (builds.length === 0) problems.push('Dockerfile: no stage runs `npm run build`');
  for (const build of builds) {
    const installs = getStageChain(stages, build.name).flatMap((s) =>
      s.instructions.filter((i) => /\bnpm ci\b/.test(i)),
    );
    if (installs.length === 0 || installs.some((i) => /--omit[= ]dev/.test(i))) {
      problems.push(`${build.name}: the build stage must install dev dependencies (npm ci without --omit=dev)`);
    }
  }
  for (const stage of stages.filter((s) => !stages.some((other) => other.name === s.from))) {
    const image = resolveImage(dockerfile, stage.from);
    if (!image.startsWith(`node:${IMAGE_NODE_MAJOR}-`)) {
      problems.push(`${stage.name}: starts from ${image}, not node:${IMAGE_NODE_MAJOR}-… (the current Node LTS)`);
    }
  }
  const buildNames = new Set(builds.map((b) => b.name));
  for (const target of targets) {
    const chain = getStageChain(stages, target);
    if (chain.length === 0) continue; // a missing stage is reported by checkDockerFiles
    if (chain.some((stage) => buildNames.has(stage.name))) problems.push(`${target}: starts from the build stage`);
    const instructions = chain.toReversed().flatMap((stage) => stage.instructions);
    const cmd = instructions.filter((i) => keywordOf(i) === 'CMD').at(-1);
    if (JSON.stringify(cmd && JSON.parse(cmd.slice(3).trim())) !== JSON.stringify(SERVICE_COMMAND)) {
      problems.push(`${target}: CMD is ${cmd ?? 'missing'}, not ${JSON.stringify(SERVICE_COMMAND)}`);
    }
    for (const instruction of instructions) {
      const keyword = keywordOf(instruction);
      if (/\btsx\b|--import\b/.test(instruction)) problems.push(`${target}: runs TypeScript: ${instruction}`);
      if (keyword === 'RUN' && /\bnpm (ci|install)\b/.test(instruction) && !/--omit[= ]dev/.test(instruction)) {
        problems.push(`${target}: installs dev dependencies: ${instruction}`);
      }
      if (keyword === 'RUN' && /\bnpm run build\b/.test(instruction)) problems.push(`${target}: builds in the image`);
      if (keyword === 'COPY') problems.push(...checkCopy(target, instruction, buildNames));
    }
  }
  for (const [workspace, manifest] of Object.entries(manifests)) {
    for (const name of BUILD_ONLY_PACKAGES) {
      if (manifest.dependencies?.[name]) problems.push(`${workspace}: lists ${name} in dependencies (dev only)`);
    }
  }
  return problems;
}

/** A service stage copies manifests and schema files from the context, and only dist/ folders from a build. */
function checkCopy(target: string, instruction: string, buildNames: Set<string>): string[] {
  const args = instruction.split(/\s+/).slice(1);
  const from = args.find((arg) => arg.startsWith('--from='))?.slice('--from='.length);
  const sources = args.filter((arg) => !arg.startsWith('--')).slice(0, -1);
  if (from !== undefined) {
    if (!buildNames.has(from)) return [`${target}: copies from ${from}, not from a build stage`];
    return sources
      .filter((src) => !/\/dist\/?$/.test(src))
      .map((src) => `${target}: copies ${src}, not a dist/ folder`);
  }
  return sources
    .filter((src) => !/(^|\/)package(-lock)?\.json$/.test(src) && !/^schema\/[\w-]+\.graphql$/.test(src))
    .map((src) => `${target}: copies ${src} from the context (only manifests and schema files; code comes built)`);
}
