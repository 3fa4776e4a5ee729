// The one way to open the database: Prisma 6.19's generated client (JavaScript engine) over the libSQL
// driver adapter. No native Prisma engine is involved (README, "Database").
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaClient } from './generated/sqlite/client.ts';

export type { PrismaClient } from './generated/sqlite/client.ts';
export type Db = PrismaClient;

export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  const prisma = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  // Worker and web app may be separate processes on one SQLite file. The adapter's libSQL client
  // (0.8) has no busy-timeout option and opens a fresh connection after each transaction, so this
  // pragma covers only the first connection: transactions go through withBusyRetry, and activities
  // are retried by Temporal.
  await prisma.$queryRawUnsafe('PRAGMA busy_timeout = 10000');
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return prisma;
}

function isBusy(err: unknown): boolean {
  // The libSQL adapter reports SQLITE_BUSY as Prisma's P1008 "Operation has timed out" (SocketTimeout):
  // what two processes writing one file meet, as two web processes' redelivery does.
  if ((err as { code?: string })?.code === 'P1008') return true;
  return /SQLITE_BUSY|database is locked|Operation has timed out/i.test(String((err as Error)?.message ?? err));
}

/** Runs `fn` again (with backoff, for up to about 10 s) while SQLite reports another writer. */
export async function withBusyRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= 12) throw err;
      await new Promise((r) => setTimeout(r, Math.min(2_000, 25 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}

/** Prisma's unique-constraint violation (P2002), whatever the adapter. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

/**
 * The database the configuration names, opened: what every process's wiring (app/wiring.ts) calls, so
 * a second provider is chosen here and nowhere else.
 */
export function createPrisma(config: { databaseUrl: string }): Promise<PrismaClient> {
  return openDatabase(config.databaseUrl);
}
