// The PostgreSQL pool's size (DONDOC_PG_POOL_MAX through createPrisma, db/client.ts): concurrent queries
// use at most that many connections, and up to that many when they need them. Checked by the server
// itself: the distinct backends (pg_backend_pid) that answered a burst of slow queries. On SQLite the
// setting means nothing and opening with it still works.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrisma, type PrismaClient } from '../../db/client.ts';
import { freshDatabase, testProvider, type TestDb } from '../helpers/db.ts';

async function backendsUsed(prisma: PrismaClient, queries: number): Promise<number> {
  const rows = await Promise.all(
    Array.from({ length: queries }, () => prisma.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)::text AS slept')),
  );
  return new Set(rows.map(([r]) => r!.pid)).size;
}

describe(`the database pool (${testProvider})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.close());

  // Each provider's project registers only the test about it (nothing is reported as skipped).
  if (testProvider === 'postgres') it('opens at most DONDOC_PG_POOL_MAX connections, and that many under load', async () => {
    for (const max of [3, 12]) {
      const prisma = await createPrisma({ databaseUrl: db.url, databasePoolMax: max });
      try {
        expect(await backendsUsed(prisma, 24)).toBe(max);
      } finally {
        await prisma.$disconnect();
      }
    }
  });

  if (testProvider === 'sqlite') it('is ignored on SQLite', async () => {
    const prisma = await createPrisma({ databaseUrl: db.url, databasePoolMax: 3 });
    try {
      expect(await prisma.plan.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});
