import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { checkServiceImages } from './docker-image-checks.js';

const shipped = readFileSync(new URL('../../docker/Dockerfile', import.meta.url), 'utf8');

/** A small Dockerfile of the expected shape; each test breaks one thing. */
const GOOD = `
ARG NODE_IMAGE=node:26-bookworm-slim
FROM \${NODE_IMAGE} AS base
WORKDIR /app
CMD ["node", "dist/main.js"]
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci --include=dev
COPY infra/ infra/
RUN npm run build
FROM base AS deps
COPY package.json package-lock.json ./
COPY infra/package.json infra/
RUN npm ci --omit=dev
FROM deps AS app
COPY schema/app.graphql schema/
COPY --from=build /app/infra/dist/ infra/dist/
USER node
`;

const check = (dockerfile: string, manifests = {}) => checkServiceImages(dockerfile, ['app'], manifests);

describe('checkServiceImages', () => {
  it('passes the shipped Dockerfile and a minimal one of the same shape', () => {
    expect(checkServiceImages(shipped, ['gateway', 'tokens', 'market-data'], {})).toEqual([]);
    expect(check(GOOD)).toEqual([]);
  });

  it.each([
    [
      'a tsx start command',
      GOOD.replace('CMD ["node", "dist/main.js"]', 'CMD ["node", "--import", "tsx", "src/main.ts"]'),
      /CMD is .*|runs TypeScript/,
    ],
    [
      'sources copied into the service stage',
      GOOD.replace('COPY schema/app.graphql schema/', 'COPY infra/ infra/'),
      /copies infra\/ from the context/,
    ],
    [
      'a tsconfig copied into the service stage',
      GOOD.replace('COPY schema/app.graphql schema/', 'COPY tsconfig.json ./'),
      /copies tsconfig.json/,
    ],
    [
      'dev dependencies in the service stage',
      GOOD.replace('RUN npm ci --omit=dev', 'RUN npm ci'),
      /installs dev dependencies/,
    ],
    ['a build in the service stage', GOOD.replace('USER node', 'RUN npm run build\nUSER node'), /builds in the image/],
    [
      'sources copied from the build stage',
      GOOD.replace('/app/infra/dist/ infra/dist/', '/app/infra/ infra/'),
      /not a dist\/ folder/,
    ],
    [
      'a build stage without dev dependencies',
      GOOD.replace('RUN npm ci --include=dev', 'RUN npm ci --omit=dev'),
      /must install dev dependencies/,
    ],
    ['no build stage', GOOD.replace('RUN npm run build', ''), /no stage runs `npm run build`/],
    [
      'an old Node image',
      GOOD.replace('node:26-bookworm-slim', 'node:20-bookworm-slim'),
      /node:20-bookworm-slim, not node:26/,
    ],
  ])('reports %s', (_, dockerfile, problem) => {
    expect(check(dockerfile)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });

  it('reports a build tool in a workspace’s dependencies, not in its devDependencies', () => {
    const manifests = {
      gateway: { dependencies: { esbuild: '0.28.2', express: '5.1.0' } },
      tokens: { dependencies: { typeorm: '1.1.1' }, devDependencies: { tsx: '4.23.15' } },
    };
    expect(check(GOOD, manifests)).toEqual(['gateway: lists esbuild in dependencies (dev only)']);
  });
});
