// The one way to open the database: Prisma 6.19's generated client (JavaScript engine) over a driver
// adapter, no native Prisma engine (README, "Database"). The scheme of the URL picks the provider, here
// and nowhere else (prisma.config.ts mirrors it for the CLI): postgres:// or postgresql:// is PostgreSQL
// through @prisma/adapter-pg and db/generated/postgres; anything else (file:...) SQLite through libSQL
// on one connection per client (db/sqlite-adapter.ts).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from './generated/postgres/client.ts';
import { BUSY_TIMEOUT_MS, OneConnectionLibSQL } from './sqlite-adapter.ts';

export type { PrismaClient } from './generated/sqlite/client.ts';
export type Db = PrismaClient;

const onPostgres = new WeakSet<object>();

/** Whether this client was opened on PostgreSQL (for the few queries whose meaning differs). */
export function isPostgres(prisma: PrismaClient): boolean {
  return onPostgres.has(prisma);
}

/**
 * A `contains` filter that ignores case on both providers, as the office's search box means it:
 * SQLite's LIKE already folds ASCII letters (not Vietnamese ones such as Đ/đ); PostgreSQL's is
 * case-sensitive unless asked (ILIKE, which folds Vietnamese letters too).
 */
export function containsIgnoringCase(prisma: PrismaClient, text: string): { contains: string } {
  return isPostgres(prisma) ? ({ contains: text, mode: 'insensitive' } as { contains: string }) : { contains: text };
}

export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//i.test(databaseUrl);
}

export interface OpenOptions {
  /** PostgreSQL: the most connections this client's pool opens (pg's default, 10, when not given); SQLite: unused. */
  poolMax?: number;
}

export async function openDatabase(databaseUrl: string, o: OpenOptions = {}): Promise<PrismaClient> {
  if (isPostgresUrl(databaseUrl)) {
    // Both clients are generated from the same models (db/schema/models.prisma), so their model APIs
    // are the same; the SQLite client's type stands for both in the code. The pool opens its
    // connections as concurrent queries need them and closes idle ones, so a larger max costs an idle
    // process nothing.
    const adapter = new PrismaPg({ connectionString: databaseUrl, ...(o.poolMax ? { max: o.poolMax } : {}) });
    const pg = new PgPrismaClient({ adapter });
    await pg.$connect();
    onPostgres.add(pg);
    return pg as unknown as PrismaClient;
  }
  const prisma = new PrismaClient({ adapter: new OneConnectionLibSQL({ url: databaseUrl }) });
  // Worker and web app may be separate processes on one SQLite file. The adapter's libSQL client
  // (0.8) has no busy-timeout option, so it is set on the client's one connection (transactions run
  // on it too: db/sqlite-adapter.ts). A deferred transaction that must upgrade to a writer meets
  // SQLITE_BUSY without waiting, so transactions still go through withBusyRetry, and activities are
  // retried by Temporal.
  await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
export function createPrisma(config: { databaseUrl: string; databasePoolMax?: number }): Promise<PrismaClient> {
  return openDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
}
