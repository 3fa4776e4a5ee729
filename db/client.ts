// The one way to open the database: Prisma 6.19's generated client (JavaScript engine) over the libSQL
// driver adapter. No native Prisma engine is involved (README, "Database").
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/sqlite/client.ts';

export type { PrismaClient } from './generated/sqlite/client.ts';
export type Db = PrismaClient;

export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  const prisma = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  // Worker and web app may be separate processes on one SQLite file: wait for locks instead of failing.
  await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 10000');
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return prisma;
}

/** Prisma's unique-constraint violation (P2002), whatever the adapter. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}
