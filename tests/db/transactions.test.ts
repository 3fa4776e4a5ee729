// Prisma's transactions as dondoc relies on them, on both providers; on SQLite they run on the client's
// one libSQL connection (db/sqlite-adapter.ts), so these also check that a transaction that fails,
// even at its COMMIT, leaves that connection outside any transaction (every later write would
// otherwise stay uncommitted, invisible to another process), that concurrent transactions take turns,
// and that a transaction opens no new descriptor on the database file (the adapter's own libSQL
// client kept one connection per transaction open for good: libsql-client-ts#350).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { openDatabase, type PrismaClient } from '../../db/client.ts';
import { freshDatabase, testProvider, type TestDb } from '../helpers/db.ts';

const user = (email: string) => ({ email, name: email, role: 'office', passwordHash: 'x' });

/** Open descriptors of this process on `file` (and its -wal, -shm); all of them when no file is given. */
function handlesOn(file: string | undefined): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    if (!file) return true;
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false; // the listing's own descriptor, closed already
    }
  }).length;
}

describe(`transactions (${testProvider})`, () => {
  let db: TestDb;
  /** A second client on the same database: sees only what was committed. */
  let other: PrismaClient;
  beforeAll(async () => {
    db = await freshDatabase();
    other = await openDatabase(db.url);
  });
  afterAll(async () => {
    await other.$disconnect();
    await db.close();
  });

  it('a transaction that throws writes nothing, and the next write outside it is committed', async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: user('rolled-back@x.invalid') });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await db.prisma.user.create({ data: user('after-rollback@x.invalid') });
    expect((await other.user.findMany({ where: { email: { contains: 'rollback' } } })).map((u) => u.email)).toStrictEqual(['after-rollback@x.invalid']);
  });

  it('a transaction whose COMMIT fails leaves none open: the next write is committed', async () => {
    const orphan = { obligationId: 'no-such-obligation', tokenHash: 'orphan', expiresAt: new Date() };
    await expect(
      db.prisma.$transaction(async (tx) => {
        // SQLite: the foreign key is checked at COMMIT, which fails (the insert itself succeeds);
        // PostgreSQL checks it at the insert.
        if (testProvider === 'sqlite') await tx.$executeRawUnsafe('PRAGMA defer_foreign_keys = ON');
        await tx.user.create({ data: user('in-failed-commit@x.invalid') });
        await tx.accessToken.create({ data: orphan });
      }),
    ).rejects.toThrow();
    await db.prisma.user.create({ data: user('after-failed-commit@x.invalid') });
    expect((await other.user.findMany({ where: { email: { contains: 'failed-commit' } } })).map((u) => u.email)).toStrictEqual(['after-failed-commit@x.invalid']);
    expect(await other.accessToken.count()).toBe(0);
  });

  it('concurrent transactions take turns: each reads its own writes and all are committed', async () => {
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.prisma.$transaction(async (tx) => {
          await tx.user.create({ data: user(`turn-${i}@x.invalid`) });
          return tx.user.count({ where: { email: `turn-${i}@x.invalid` } });
        }),
      ),
    );
    expect(seen).toStrictEqual(Array.from({ length: 20 }, () => 1));
    expect(await other.user.count({ where: { email: { startsWith: 'turn-' } } })).toBe(20);
  });

  it('300 transactions, interactive and batched, open no descriptor per transaction', async () => {
    const file = testProvider === 'sqlite' ? db.url.replace(/^file:/, '') : undefined;
    await db.prisma.user.count();
    const before = handlesOn(file);
    for (let i = 0; i < 150; i++) {
      await db.prisma.$transaction(async (tx) => tx.user.create({ data: user(`many-${i}@x.invalid`) }));
      await db.prisma.$transaction([db.prisma.user.updateMany({ where: { email: `many-${i}@x.invalid` }, data: { name: 'again' } })]);
    }
    // Before db/sqlite-adapter.ts: two more per transaction on SQLite (the file and its -wal), 600 here.
    expect(handlesOn(file) - before).toBeLessThan(10);
    expect(await other.user.count({ where: { email: { startsWith: 'many-' }, name: 'again' } })).toBe(150);
  });
});
