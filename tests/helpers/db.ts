// A fresh SQLite database per test: a copy of the template that scripts/test.sh migrated with
// `prisma migrate deploy` (so every test runs on the committed migrations).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type PrismaClient } from '../../db/client.ts';

export interface TestDb {
  prisma: PrismaClient;
  url: string;
  close(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDb> {
  const template = process.env.DONDOC_TEST_TEMPLATE_DB;
  if (!template) throw new Error('DONDOC_TEST_TEMPLATE_DB is not set: run the tests with `npm test`');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-db-'));
  const file = path.join(dir, 'test.db');
  await fs.copyFile(template, file);
  const url = `file:${file}`;
  const prisma = await openDatabase(url);
  return {
    prisma,
    url,
    async close() {
      await prisma.$disconnect();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
