/**
 * Jest runs TypeScript as native ES modules through SWC (see STACK.md: got is ESM-only), with the very
 * options `npm run build` compiles the services with (swc.config.json): one compiler, one decorator
 * semantics in tests and in production.
 */
import { readFileSync } from 'node:fs';

const swcOptions = JSON.parse(readFileSync(new URL('./swc.config.json', import.meta.url), 'utf8'));
const swc = ['@swc/jest', swcOptions];

/** What every lane shares: SWC, ES modules, and the workspaces' TypeScript sources (not their dist/). */
const common = {
  testEnvironment: 'node',
  // Workspace packages export "@memegraph/source" → src/index.ts next to "default" → dist/index.js.
  testEnvironmentOptions: { customExportConditions: ['@memegraph/source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/**
 * Two lanes (`npm test` runs both, `npm run test:unit` the first): unit tests live next to their code
 * under a workspace's src/ and need no service; everything under a test/ folder runs against real
 * Postgres (with a replica), Redis and processes, which globalSetup checks, starts and builds first.
 */
export default {
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // tools/: the repo's own scripts with pure cores (the capacity model), tested like src/.
      testMatch: [
        '<rootDir>/*/src/**/*.test.ts',
        '<rootDir>/subgraphs/*/src/**/*.test.ts',
        '<rootDir>/tools/**/*.test.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/**/*.test.ts',
        '<rootDir>/*/test/**/*.test.ts',
        '<rootDir>/subgraphs/*/test/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
};
