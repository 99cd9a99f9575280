import { describe, expect, test } from '@jest/globals';
import { summariseProfile, toCodeLocation, type CpuProfile } from './cpu-profile-summary.js';

const ROOT = '/repo';

describe('toCodeLocation', () => {
  test.each([
    ['f', 'file:///repo/node_modules/graphql/execution/execute.js', 'graphql', 'graphql/execution/execute.js'],
    [
      'f',
      'file:///repo/node_modules/@apollo/gateway/dist/index.js',
      '@apollo/gateway',
      '@apollo/gateway/dist/index.js',
    ],
    ['f', 'file:///repo/node_modules/a/node_modules/b/x.js', 'b', 'b/x.js'],
    ['f', 'file:///repo/gateway/dist/index.js', 'gateway', 'gateway/dist/index.js'],
    ['f', 'file:///repo/subgraphs/tokens/dist/main.js', 'subgraphs/tokens', 'subgraphs/tokens/dist/main.js'],
    ['f', 'node:internal/streams/readable', 'node:internal', 'node:internal/streams/readable'],
    ['(garbage collector)', '', '(garbage collector)', '(garbage collector)'],
    ['parse', '', '(native)', '(native) parse'],
    ['f', 'file:///elsewhere/x.js', '(other)', '/elsewhere/x.js'],
  ])('%s at %s: package %s, file %s', (functionName, url, packageName, file) => {
    expect(toCodeLocation(functionName, url, ROOT)).toEqual({ packageName, file });
  });
});

describe('summariseProfile', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(idle)', url: '' } },
      { id: 2, callFrame: { functionName: 'a', url: 'file:///repo/node_modules/graphql/a.js' } },
      { id: 3, callFrame: { functionName: 'b', url: 'file:///repo/gateway/dist/b.js' } },
    ],
    startTime: 1000,
    samples: [2, 1, 3, 2, 3],
    timeDeltas: [100, 100, 300, 100, 500],
  };

  test('weighs each sample by the time since the previous one and leaves idle out', () => {
    const summary = summariseProfile(profile, ROOT);
    expect(summary.busyMs).toBeCloseTo(1);
    expect(summary.packages).toEqual([
      { name: 'gateway', ms: 0.8, pct: 80 },
      { name: 'graphql', ms: 0.2, pct: 20 },
    ]);
    expect(summary.files.map((f) => f.name)).toEqual(['gateway/dist/b.js', 'graphql/a.js']);
  });

  test('counts only the samples inside the window', () => {
    // Samples at 1100, 1200, 1500, 1600, 2100: the window [1150, 1600] keeps the idle one, b and a.
    const summary = summariseProfile(profile, ROOT, 1150, 1600);
    expect(summary.packages).toEqual([
      { name: 'gateway', ms: 0.3, pct: 75 },
      { name: 'graphql', ms: 0.1, pct: 25 },
    ]);
  });
});
