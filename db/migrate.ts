// Applies the committed migrations with Prisma's own `migrate deploy` (run and test commands use it).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const noEngine = path.join(root, '.tools', 'no-engine');
  await run(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PRISMA_QUERY_ENGINE_LIBRARY: noEngine,
      PRISMA_SCHEMA_ENGINE_BINARY: noEngine,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}
