/**
 * A small lint config: each rule prevents a real bug or guards a boundary (STYLE.md). Formatting is
 * prettier's job, types are tsc's.
 */
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Where each workspace may not reach: the dependency rule of STYLE.md made mechanical. */
const boundaries = [
  {
    files: ['contracts/**'],
    packages: ['infra', 'gateway', 'tokens', 'market-data'],
    folders: ['infra', 'gateway', 'subgraphs'],
    why: 'contracts are what the services agree on: they depend on no service and on no infrastructure',
  },
  {
    files: ['infra/**'],
    packages: ['contracts', 'gateway', 'tokens', 'market-data'],
    folders: ['contracts', 'gateway', 'subgraphs'],
    why: 'infra is shared infrastructure with no domain words: it must not depend on a service or the contracts',
  },
  {
    files: ['subgraphs/tokens/**'],
    packages: ['gateway', 'market-data'],
    folders: ['gateway', 'market-data'],
    why: 'subgraphs never import each other or the gateway: talk through the supergraph or Redis events',
  },
  {
    files: ['subgraphs/market-data/**'],
    packages: ['gateway', 'tokens'],
    folders: ['gateway', 'tokens'],
    why: 'subgraphs never import each other or the gateway: talk through the supergraph or Redis events',
  },
  {
    files: ['client/**'],
    packages: ['contracts', 'infra', 'gateway', 'tokens', 'market-data', 'local'],
    folders: ['contracts', 'infra', 'gateway', 'subgraphs', 'local', 'test'],
    why: 'the SDK runs in browsers and client apps: it imports nothing of the server, only the API (schema/api.graphql via operations/)',
  },
  {
    files: ['web/**'],
    packages: ['contracts', 'infra', 'gateway', 'tokens', 'market-data', 'local'],
    folders: ['contracts', 'infra', 'gateway', 'subgraphs', 'local', 'test'],
    why: 'the board is a client of the API: it reaches the server only through the SDK (@memegraph/client)',
  },
  {
    files: ['gateway/**'],
    packages: ['tokens', 'market-data'],
    folders: ['subgraphs'],
    why: 'the gateway reaches subgraphs only through the supergraph',
  },
];

/**
 * What no `src/` may import, whichever workspace it is in: production code is what `npm run build` ships,
 * and test/ folders and the local stack (@memegraph/local: launcher, upstream replay) are not shipped.
 */
const sourceOnly = {
  packages: ['local'],
  folders: ['test', 'local'],
  why: 'src/ is production code: it never imports a test/ folder (the test harness) or the local stack',
};

/**
 * market-data's folders in the direction its data flows: upstreams (each source one adapter) → merge (pure)
 * → store → events (detectors and publisher), all on the shared model; polling/ orchestrates them. A stage
 * imports no later stage, nor polling/, nor the resolvers (token/), so it reads and tests without them. The
 * folders beside the flow keep their roles without closing a loop through it.
 */
const marketDataFolders = [
  {
    folder: 'model',
    forbidden: ['upstreams', 'merge', 'store', 'events', 'polling', 'tracking', 'ranking', 'metrics', 'token'],
    why: 'model/ is what every market-data folder shares: it imports none of them',
  },
  {
    folder: 'upstreams',
    forbidden: ['merge', 'store', 'events', 'polling', 'metrics', 'token'],
    why: 'upstreams/ is the first stage: it imports no later stage (merge, store, events), nor polling/ or the resolvers',
  },
  {
    folder: 'merge',
    forbidden: ['store', 'events', 'polling', 'tracking', 'metrics', 'token'],
    why: 'merge/ is a pure core: it imports no later stage (store, events), no I/O, nor polling/ or the resolvers',
  },
  {
    folder: 'store',
    forbidden: ['events', 'polling', 'metrics', 'token'],
    why: 'store/ comes before events/: it imports neither events/ nor polling/ or the resolvers',
  },
  {
    folder: 'events',
    forbidden: ['polling', 'metrics', 'token'],
    why: 'events/ is the last stage: it is driven by polling/ and imports neither polling/ nor the resolvers',
  },
  {
    folder: 'tracking',
    forbidden: ['upstreams', 'merge', 'store', 'events', 'polling', 'ranking', 'metrics', 'token'],
    why: 'tracking/ (the token set) is read by store/ and polling/: importing a stage would loop back through them',
  },
  {
    folder: 'ranking',
    forbidden: ['upstreams', 'merge', 'store', 'events', 'polling', 'tracking', 'metrics', 'token'],
    why: 'ranking/ is a pure core over the model: it imports no stage',
  },
  {
    folder: 'metrics',
    forbidden: ['merge', 'store', 'events', 'polling', 'tracking', 'ranking', 'token'],
    why: 'metrics/ reads the upstream status only: no other stage, no orchestration',
  },
  {
    folder: 'token',
    forbidden: ['merge', 'events', 'polling', 'metrics'],
    why: 'the resolvers read the store, rank and ask the lookup: they never merge, publish or drive polling/',
  },
];

/** no-restricted-imports patterns keeping `packages` and `folders` out, saying `why`. */
const restrict = ({ packages, folders, why }) => [
  { regex: `^@memegraph/(${packages.join('|')})(/|$)`, message: why },
  { regex: `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`, message: why },
];

/** Files that talk to a terminal, not to a log pipeline. */
const cliFiles = [
  'test/**',
  '*/test/**',
  'subgraphs/*/test/**',
  'schema/**',
  'gateway/graphiql/build.ts',
  'gateway/board/build.ts',
  'local/src/**',
  'tools/**',
];

/**
 * Tests and their harness: loosely typed GraphQL responses are a convenience there, not a hidden bug;
 * likewise the local stack's upstream replay, which reshapes recorded third-party JSON of any shape.
 */
const testFiles = ['test/**', '*/test/**', 'subgraphs/*/test/**', '**/*.test.ts', 'local/src/fake-upstream*.ts'];

/** Files in tsconfig.json, the only ones the type-aware rules can see. */
const typedFiles = [
  'contracts/src/**/*.ts',
  'client/src/**/*.ts',
  'web/src/**/*.ts',
  'infra/{src,test}/**/*.ts',
  'local/src/**/*.ts',
  'tools/**/*.ts',
  'gateway/src/**/*.ts',
  'subgraphs/*/{src,test}/**/*.ts',
  'test/**/*.ts',
  'schema/**/*.ts',
];

/**
 * Topic and stream names live in contracts (Topic, Stream): a name written out elsewhere is a second
 * declaration that drifts (as TOKEN_STORED_TOPIC vs TOKEN_DISCOVERED_TOPIC once did) and escapes the typed map.
 */
const eventNames =
  /^(price\.updated|volume\.spiked|token\.discovered|demand\.subscribed|tokens\.tracking|tokens\.discovered|market\.snapshots)(\..*)?$/;
const eventNameMessage = "name topics and streams through contracts' Topic / Stream, never as a string";

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/generated/**',
      'gateway/graphiql/dist/**',
      '**/.data/**',
      '**/dist/**',
      'coverage/**',
    ],
  },
  tseslint.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    files: typedFiles,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its rejection (unhandled rejection kills the process) and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (event emitters, express handlers) drops its rejection.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: true, attributes: false } }],
    },
  },
  { files: ['**/src/**'], rules: { 'no-restricted-imports': ['error', { patterns: restrict(sourceOnly) }] } },
  // A later block replaces the rule's options, so a workspace's src/ repeats its boundary with sourceOnly.
  ...boundaries.flatMap((boundary) => [
    { files: boundary.files, rules: { 'no-restricted-imports': ['error', { patterns: restrict(boundary) }] } },
    {
      files: boundary.files.map((glob) => glob.replace(/\*\*$/, 'src/**')),
      rules: {
        'no-restricted-imports': ['error', { patterns: [...restrict(boundary), ...restrict(sourceOnly)] }],
      },
    },
  ]),
  // market-data's stages (a later block again, so each repeats the workspace boundary and sourceOnly).
  ...marketDataFolders.map(({ folder, forbidden, why }) => ({
    files: [`subgraphs/market-data/src/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...restrict(boundaries.find((boundary) => boundary.files.includes('subgraphs/market-data/**'))),
            ...restrict(sourceOnly),
            { regex: `^\\.\\./(${forbidden.join('|')})(/|$)`, message: why },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.{ts,js}'],
    ignores: ['contracts/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${eventNames}]`, message: eventNameMessage },
        { selector: `TemplateElement[value.raw=${eventNames}]`, message: eventNameMessage },
      ],
    },
  },
  { files: cliFiles, rules: { 'no-console': 'off' } },
  { files: testFiles, rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
