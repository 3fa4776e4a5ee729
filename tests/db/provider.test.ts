// The project a file runs in decides its database (jest.config.js: `unit` on SQLite, `unit-pg` on
// PostgreSQL): this checks that freshDatabase() really opened that provider, so a green `unit-pg` means
// the files ran on PostgreSQL, and that the two providers answer the same for what dondoc relies on.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { containsIgnoringCase, isPostgres, isPostgresUrl } from '../../db/client.ts';
import { freshDatabase, testProvider, type TestDb } from '../helpers/db.ts';

describe(`the test database (${testProvider})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.close());

  it('is the provider the project names, reached through its URL scheme', async () => {
    expect(isPostgresUrl(db.url)).toBe(testProvider === 'postgres');
    expect(isPostgres(db.prisma)).toBe(testProvider === 'postgres');
    if (testProvider === 'postgres') {
      const [row] = await db.prisma.$queryRawUnsafe<{ v: string }[]>('SELECT version() AS v');
      expect(row?.v).toMatch(/^PostgreSQL 15\./);
    } else {
      const [row] = await db.prisma.$queryRawUnsafe<{ v: string }[]>('SELECT sqlite_version() AS v');
      expect(row?.v).toMatch(/^3\./);
    }
  });

  it('starts from the committed migrations, empty', async () => {
    expect(await db.prisma.plan.count()).toBe(0);
    expect(await db.prisma.user.count()).toBe(0);
  });

  it('reports a unique violation as P2002 on both', async () => {
    await db.prisma.user.create({ data: { email: 'a@x.invalid', name: 'A', role: 'office', passwordHash: 'x' } });
    await expect(db.prisma.user.create({ data: { email: 'a@x.invalid', name: 'B', role: 'office', passwordHash: 'x' } })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('sorts names by their bytes on both (uppercase before lowercase), as the tables show them', async () => {
    await db.prisma.plan.create({ data: { id: 'p', title: 'P', province: 'X', source: '', office: '{}', committee: '[]' } });
    const names = ['sở Y tế', 'Sở Nội vụ', 'Ủy ban', 'UBND huyện'];
    for (const [i, name] of names.entries()) await db.prisma.unit.create({ data: { planId: 'p', code: `u${i}`, name, kind: 'x' } });
    const sorted = await db.prisma.unit.findMany({ where: { planId: 'p' }, orderBy: { name: 'asc' }, select: { name: true } });
    expect(sorted.map((u) => u.name)).toEqual(['Sở Nội vụ', 'UBND huyện', 'sở Y tế', 'Ủy ban']);
  });

  it('finds a unit by a part of its name in any letter case (the dashboard search) on both', async () => {
    const found = await db.prisma.unit.findMany({ where: { planId: 'p', name: containsIgnoringCase(db.prisma, 'ubnd') }, select: { name: true } });
    expect(found.map((u) => u.name)).toEqual(['UBND huyện']);
    const plain = await db.prisma.unit.findMany({ where: { planId: 'p', name: containsIgnoringCase(db.prisma, 'Nội') }, select: { name: true } });
    expect(plain.map((u) => u.name)).toEqual(['Sở Nội vụ']);
  });
});
