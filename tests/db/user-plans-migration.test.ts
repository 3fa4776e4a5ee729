// The migration that scopes accounts to plans changes nothing for current users: on a database from
// before it, every office and committee account is given every plan there is; admins need no row.
// The committed migrations' SQL is applied in order on a real SQLite file, with accounts and plans
// written between the last two, and the result read through Prisma as the app reads it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PrismaClient } from '../../db/client.ts';
import { visiblePlanIds } from '../../web/auth/plan-scope.ts';
import { sqliteBefore, type SqliteUpgrade } from '../helpers/sqlite-upgrade.ts';


describe('the user-plans migration', () => {
  let db: SqliteUpgrade;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await sqliteBefore('20261207000000_user_plans');
    // An installation as it was: two plans, one account of each role, one disabled.
    await db.sqlite.executeMultiple(`
      INSERT INTO "Plan" ("id", "title", "province", "source", "office", "committee") VALUES
        ('langson-2016', 'Lạng Sơn', 'Lạng Sơn', '', '{}', '[]'), ('caobang-2026', 'Cao Bằng', 'Cao Bằng', '', '{}', '[]');
      INSERT INTO "User" ("id", "email", "name", "role", "passwordHash") VALUES
        ('u-office', 'office@x.vn', 'O', 'office', 'scrypt$'), ('u-committee', 'committee@x.vn', 'C', 'committee', 'scrypt$'),
        ('u-admin', 'admin@x.vn', 'A', 'admin', 'scrypt$');
      INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "disabledAt") VALUES ('u-old', 'old@x.vn', 'D', 'office', 'scrypt$', 0);
    `);
    prisma = await db.upgrade();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('gives every office and committee account every existing plan, and admins nothing', async () => {
    const grants = await prisma.userPlan.findMany({ orderBy: [{ userId: 'asc' }, { planId: 'asc' }] });
    expect(grants.map((g) => `${g.userId} ${g.planId}`)).toStrictEqual([
      'u-committee caobang-2026',
      'u-committee langson-2016',
      'u-office caobang-2026',
      'u-office langson-2016',
      'u-old caobang-2026',
      'u-old langson-2016',
    ]);
    // The default timestamp is read back as a date (Prisma writes its own on later grants).
    for (const g of grants) expect(Number.isNaN(g.grantedAt.getTime())).toBe(false);
    expect([...((await visiblePlanIds(prisma, { id: 'u-committee', role: 'committee' })) as Set<string>)].sort()).toStrictEqual(['caobang-2026', 'langson-2016']);
    expect(await visiblePlanIds(prisma, { id: 'u-admin', role: 'admin' })).toBe('all');
  });

  it('a grant goes with its account and with its plan', async () => {
    await prisma.user.delete({ where: { id: 'u-old' } });
    await prisma.plan.delete({ where: { id: 'caobang-2026' } });
    expect((await prisma.userPlan.findMany({ orderBy: [{ userId: 'asc' }] })).map((g) => `${g.userId} ${g.planId}`)).toStrictEqual(['u-committee langson-2016', 'u-office langson-2016']);
  });
});
