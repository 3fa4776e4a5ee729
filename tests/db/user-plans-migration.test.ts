// The migration that scopes accounts to plans changes nothing for current users: on a database from
// before it, every office and committee account is given every plan there is; admins need no row.
// The committed migrations' SQL is applied in order on a real SQLite file, with accounts and plans
// written between the last two, and the result read through Prisma as the app reads it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { openDatabase, type PrismaClient } from '../../db/client.ts';
import { visiblePlanIds } from '../../web/auth/plan-scope.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../db/sqlite/migrations');
const THIS_ONE = '20261207000000_user_plans';

describe('the user-plans migration', () => {
  let dir: string;
  let sqlite: Client;
  let prisma: PrismaClient;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-migration-'));
    const url = `file:${path.join(dir, 'upgrade.db')}`;
    sqlite = createClient({ url });
    const names = (await fs.readdir(MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(names).toContain(THIS_ONE);
    const sql = (name: string) => fs.readFile(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8');
    for (const name of names.slice(0, names.indexOf(THIS_ONE))) await sqlite.executeMultiple(await sql(name));
    // An installation as it was: two plans, one account of each role, one disabled.
    await sqlite.executeMultiple(`
      INSERT INTO "Plan" ("id", "title", "province", "source", "office", "committee") VALUES
        ('langson-2016', 'Lạng Sơn', 'Lạng Sơn', '', '{}', '[]'), ('caobang-2026', 'Cao Bằng', 'Cao Bằng', '', '{}', '[]');
      INSERT INTO "User" ("id", "email", "name", "role", "passwordHash") VALUES
        ('u-office', 'office@x.vn', 'O', 'office', 'scrypt$'), ('u-committee', 'committee@x.vn', 'C', 'committee', 'scrypt$'),
        ('u-admin', 'admin@x.vn', 'A', 'admin', 'scrypt$');
      INSERT INTO "User" ("id", "email", "name", "role", "passwordHash", "disabledAt") VALUES ('u-old', 'old@x.vn', 'D', 'office', 'scrypt$', 0);
    `);
    for (const name of names.slice(names.indexOf(THIS_ONE))) await sqlite.executeMultiple(await sql(name));
    prisma = await openDatabase(url);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    sqlite?.close();
    await fs.rm(dir, { recursive: true, force: true });
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
