// A real SQLite file brought to the state just before one committed migration, for the tests that
// check a migration keeps an installation's rows: the committed migrations' SQL is applied in order
// with libSQL (as `prisma migrate deploy` would), the test writes the rows an installation had, then
// applies the migration under test and every later one, and reads the result through Prisma as the app does.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { openDatabase, type PrismaClient } from '../../db/client.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../db/sqlite/migrations');

export interface SqliteUpgrade {
  /** The raw connection, to write the old rows and run PRAGMA checks. */
  sqlite: Client;
  /** Applies `migration` and every later one (after `prefix`, e.g. "PRAGMA foreign_keys = ON;"), then opens Prisma on the file. */
  upgrade(prefix?: string): Promise<PrismaClient>;
  close(): Promise<void>;
}

export async function sqliteBefore(migration: string): Promise<SqliteUpgrade> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-migration-'));
  const url = `file:${path.join(dir, 'upgrade.db')}`;
  const sqlite = createClient({ url });
  const names = (await fs.readdir(MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const at = names.indexOf(migration);
  if (at < 0) throw new Error(`no migration ${migration} in ${MIGRATIONS}`);
  const sql = (name: string) => fs.readFile(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8');
  for (const name of names.slice(0, at)) await sqlite.executeMultiple(await sql(name));
  let prisma: PrismaClient | undefined;
  return {
    sqlite,
    async upgrade(prefix = '') {
      await sqlite.executeMultiple(`${prefix} ${await sql(migration)}`);
      for (const name of names.slice(at + 1)) await sqlite.executeMultiple(await sql(name));
      prisma = await openDatabase(url);
      return prisma;
    },
    async close() {
      await prisma?.$disconnect();
      sqlite.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
