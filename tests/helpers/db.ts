// A fresh database per test, on the committed migrations. SQLite (project `unit`): a copy of the template
// file scripts/test.sh migrated with `prisma migrate deploy`. PostgreSQL (project `unit-pg`, which sets
// DONDOC_TEST_DB=postgres): a new database on the run's private server, CREATE DATABASE ... TEMPLATE the
// one tests/jest/postgres-server.ts migrated, dropped at close.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type PrismaClient } from '../../db/client.ts';
import { adminQuery, PG_SELECT_ENV, PG_TEMPLATE_ENV, PG_URL_ENV } from '../jest/postgres-server.ts';

export interface TestDb {
  prisma: PrismaClient;
  url: string;
  close(): Promise<void>;
}

/** Which provider this test file runs on. */
export const testProvider: 'sqlite' | 'postgres' = process.env[PG_SELECT_ENV] === 'postgres' ? 'postgres' : 'sqlite';

export async function freshDatabase(): Promise<TestDb> {
  return testProvider === 'postgres' ? freshPostgres() : freshSqlite();
}

async function freshSqlite(): Promise<TestDb> {
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

async function freshPostgres(): Promise<TestDb> {
  const base = process.env[PG_URL_ENV];
  const template = process.env[PG_TEMPLATE_ENV];
  if (!base || !template) throw new Error(`${PG_URL_ENV} is not set: run the PostgreSQL tests with \`npm test\` (PostgreSQL 15 installed)`);
  const name = `dondoc_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = `${base}/${name}`;
  const prisma = await openDatabase(url);
  return {
    prisma,
    url,
    async close() {
      await prisma.$disconnect();
      // FORCE: a child process (the CLI, a worker) may still hold a connection as the test ends.
      await adminQuery(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
