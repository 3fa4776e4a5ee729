// jest: every test of dondoc (README "Tests"). Native ES modules (the project is `"type": "module"` and
// imports `.ts` files by name), so scripts/test.sh starts jest with --experimental-vm-modules; @swc/jest
// strips the types (measured faster than ts-jest on this suite: README). `testEnvironment: 'node'`, as
// the Temporal SDK requires. Four projects: the fast layers (`unit`, on SQLite), the same files that
// open a database again on PostgreSQL (`unit-pg`), the end-to-end files that run whole cycles on
// real servers (`e2e`, on SQLite), and the cluster (deploy/cluster.sh); `npm test` runs all four.
import fs from 'node:fs';
import path from 'node:path';
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022', experimental: { keepImportAttributes: true } }, module: { type: 'es6' }, sourceMaps: 'inline' }];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  rootDir: import.meta.dirname,
  // A test without its own limit (jest.setTimeout in the end-to-end files) fails after a minute.
  testTimeout: 60_000,
};

// The files of `unit` that open a database: those importing one of the helpers that call freshDatabase
// (tests/helpers/db.ts). Read from the sources, so a new database test runs on both providers unasked.
const DB_HELPERS = /from '(\.\.\/)+helpers\/(db|portal|report-history|stack|dev-stack)\.ts'/;
function databaseTests(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' || e.name === 'cluster' ? [] : databaseTests(file);
    return e.name.endsWith('.test.ts') && DB_HELPERS.test(fs.readFileSync(file, 'utf8')) ? [file] : [];
  });
}
const onPostgres = databaseTests(path.join(import.meta.dirname, 'tests'));

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/**/*.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/', '<rootDir>/tests/cluster/'] },
    { ...common, displayName: 'unit-pg', testMatch: onPostgres, setupFiles: ['<rootDir>/tests/jest/on-postgres.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'] },
    // `npm run cluster` brought up and stopped for real (deploy/cluster.sh): PostgreSQL, four Temporal
    // service processes, workers and web processes; 22 s here (40–55 s with the `dondoc dev` fallback).
    { ...common, displayName: 'cluster', testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'] },
  ],
  // Servers and artefacts shared by every file of a run (tests/jest/global-setup.ts).
  globalSetup: '<rootDir>/tests/jest/global-setup.ts',
  globalTeardown: '<rootDir>/tests/jest/global-teardown.ts',
  // Also here: jest 30 applied the projects' testTimeout to tests but left hooks at 5 s (a beforeAll
  // that builds a database timed out on a loaded machine).
  testTimeout: 60_000,
  // One file at a time: the end-to-end files start real servers and this machine has 2 cores.
  maxWorkers: 1,
  reporters: ['<rootDir>/tests/jest/default-reporter.js', '<rootDir>/tests/jest/totals-reporter.js'],
};
