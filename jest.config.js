// jest: every test of dondoc (README "Tests"). Native ES modules (the project is `"type": "module"` and
// imports `.ts` files by name), so scripts/test.sh starts jest with --experimental-vm-modules; @swc/jest
// strips the types (measured faster than ts-jest on this suite: README). `testEnvironment: 'node'`, as
// the Temporal SDK requires. Three projects: the fast layers, the end-to-end files that run whole
// cycles on real servers, and the cluster (deploy/cluster.sh); `npm test` runs all three.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } }, module: { type: 'es6' }, sourceMaps: 'inline' }];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  rootDir: import.meta.dirname,
  // A test without its own limit (jest.setTimeout in the end-to-end files) fails after a minute.
  testTimeout: 60_000,
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/cluster/'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    // `npm run cluster` brought up and stopped for real (deploy/cluster.sh): PostgreSQL, four Temporal
    // service processes, workers and web processes; 22 s here (40–55 s with the `dondoc dev` fallback).
    { ...common, displayName: 'cluster', testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'] },
  ],
  // Servers and artefacts shared by every file of a run (tests/jest/global-setup.ts).
  globalSetup: '<rootDir>/tests/jest/global-setup.ts',
  globalTeardown: '<rootDir>/tests/jest/global-teardown.ts',
  // One file at a time: the end-to-end files start real servers and this machine has 2 cores.
  maxWorkers: 1,
  reporters: ['<rootDir>/tests/jest/default-reporter.js', '<rootDir>/tests/jest/totals-reporter.js'],
};
