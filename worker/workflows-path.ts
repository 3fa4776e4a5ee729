// Where the workflow code starts: bundled by the worker (worker/workflow-bundle.ts) and by the tests.
import path from 'node:path';

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, '../workflows/index.ts');
