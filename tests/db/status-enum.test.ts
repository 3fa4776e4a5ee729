// The obligation's status is the database enum ObligationStatus (db/schema/models.prisma), which must list
// exactly domain/statuses.ts OBLIGATION_STATUSES, the one vocabulary, in the same order: the schema's
// enum, both generated clients' and the PostgreSQL migration's CREATE TYPE. On a real database (SQLite,
// and PostgreSQL in unit-pg) a status outside it is refused by Prisma, and by PostgreSQL itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { ObligationStatus as SqliteEnum } from '../../db/generated/sqlite/enums.ts';
import { ObligationStatus as PgEnum } from '../../db/generated/postgres/enums.ts';
import { savePlan } from '../../db/plans.ts';
import { OBLIGATION_STATUSES } from '../../domain/statuses.ts';
import { freshDatabase, testProvider, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('the ObligationStatus enum', () => {
  it('lists the vocabulary of domain/statuses.ts in the schema and in both generated clients', () => {
    const models = fs.readFileSync(path.join(ROOT, 'db/schema/models.prisma'), 'utf8');
    const block = /enum ObligationStatus \{([^}]*)\}/.exec(models)?.[1] ?? '';
    const values = block.split('\n').map((l) => l.replace(/\/\/.*/, '').trim()).filter(Boolean);
    expect(values).toStrictEqual([...OBLIGATION_STATUSES]);
    expect(Object.values(SqliteEnum)).toStrictEqual([...OBLIGATION_STATUSES]);
    expect(Object.values(PgEnum)).toStrictEqual([...OBLIGATION_STATUSES]);
  });

  it('and in the PostgreSQL type the migrations create', () => {
    const dir = path.join(ROOT, 'db/postgres/migrations');
    const created = fs.readdirSync(dir).filter((m) => fs.statSync(path.join(dir, m)).isDirectory())
      .map((m) => /CREATE TYPE "ObligationStatus" AS ENUM \(([^)]*)\)/.exec(fs.readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'))?.[1])
      .filter((x) => x !== undefined);
    expect(created).toHaveLength(1);
    expect(created[0]!.split(',').map((v) => v.trim().replace(/^'|'$/g, ''))).toStrictEqual([...OBLIGATION_STATUSES]);
  });
});

describe('a status outside the vocabulary in a real database', () => {
  let db: TestDb;
  const id = 'enum-2030/2026-annual/so-y-te';
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ id: 'enum-2030', dueDate: '2030-12-05', opensOn: '2030-11-01' });
    await savePlan(db.prisma, plan, source);
  });
  afterAll(() => db?.close());

  it('is refused by Prisma on write; every known one is stored and read back', async () => {
    await expect(db.prisma.obligation.update({ where: { id }, data: { status: 'lost' as never } })).rejects.toThrow(/lost/);
    for (const status of OBLIGATION_STATUSES) {
      await db.prisma.obligation.update({ where: { id }, data: { status } });
      expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id } })).status).toBe(status);
    }
  });

  it('written past Prisma: PostgreSQL refuses it, and on SQLite Prisma refuses to read it', async () => {
    const write = db.prisma.$executeRawUnsafe(`UPDATE "Obligation" SET "status" = 'lost' WHERE "id" = '${id}'`);
    if (testProvider === 'postgres') {
      await expect(write).rejects.toThrow(/ObligationStatus/);
    } else {
      await write;
      await expect(db.prisma.obligation.findUniqueOrThrow({ where: { id } })).rejects.toThrow(/lost/);
    }
  });
});
