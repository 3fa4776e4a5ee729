// `dondoc user ...` as a person runs it (child processes) against a real SQLite database.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { savePlan } from '../../db/plans.ts';
import { startSession } from '../../accounts/sessions.ts';
import { verifyPassword } from '../../accounts/passwords.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { STACK_TRACE, dondoc } from './cli-runner.ts';
import { expectTruthy } from '../helpers/expect.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

const PASSWORD = 'mot-mat-khau-du-dai';

describe('dondoc user', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    process.env.DATABASE_URL = db.url;
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.DONDOC_NEW_PASSWORD;
    await db.close();
  });
  const withPassword = (password: string | undefined, ...args: string[]) => {
    if (password === undefined) delete process.env.DONDOC_NEW_PASSWORD;
    else process.env.DONDOC_NEW_PASSWORD = password;
    return dondoc(...args);
  };

  it('add creates an account with a scrypt hash of the password, in the audit log', async () => {
    const r = await withPassword(PASSWORD, 'user', 'add', '--email', 'Chanh.VP@LangSon.gov.vn', '--name', 'Trần Thị Chánh', '--role', 'office');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Đã tạo tài khoản \/ created chanh\.vp@langson\.gov\.vn \(office\)/);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    expect(user.name).toBe('Trần Thị Chánh');
    expect(user.role).toBe('office');
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    const e = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user_add', target: user.id } });
    expect(e.actor).toBe('cli');
    expect(JSON.stringify(e.detail ?? null)).not.toMatch(new RegExp(PASSWORD));
  });

  for (const [name, password, args, code, pattern] of [
    ['a password shorter than 12 characters', 'ngan-qua', ['--email', 'a@x.vn', '--name', 'A', '--role', 'office'], 1, /too short \(at least 12/],
    ['no password and no terminal', undefined, ['--email', 'b@x.vn', '--name', 'B', '--role', 'office'], 2, /set DONDOC_NEW_PASSWORD or run in a terminal/],
    ['an unknown role', PASSWORD, ['--email', 'c@x.vn', '--name', 'C', '--role', 'boss'], 1, /invalid role "boss"/],
    ['an invalid email', PASSWORD, ['--email', 'not-an-email', '--name', 'D', '--role', 'office'], 1, /invalid email/],
    ['a missing --name', PASSWORD, ['--email', 'e@x.vn', '--role', 'office'], 2, /--name and --role are required/],
    ['an email already taken', PASSWORD, ['--email', 'CHANH.vp@langson.gov.vn', '--name', 'X', '--role', 'admin'], 1, /already exists/],
  ] as const) {
    it(`add refuses ${name} (exit ${code}) and creates nothing`, async () => {
      const before = await db.prisma.user.count();
      const r = await withPassword(password, 'user', 'add', ...args);
      // on failure, look at: `${r.stdout}\n${r.stderr}`
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(await db.prisma.user.count()).toBe(before);
    });
  }

  it('passwd sets a new password and ends the sessions; an unknown account is refused', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    await startSession(db.prisma, user.id, new Date());
    const r = await withPassword('mat-khau-moi-2026', 'user', 'passwd', '--email', 'chanh.vp@langson.gov.vn');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/1 phiên bị hủy/);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword('mat-khau-moi-2026', after.passwordHash)).toBe(true);
    expect(await verifyPassword(PASSWORD, after.passwordHash)).toBe(false);
    expect(await db.prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: 'user_passwd', actor: 'cli', target: user.id } })).toBe(1);
    const unknown = await withPassword(PASSWORD, 'user', 'passwd', '--email', 'nobody@x.vn');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account nobody@x\.vn/);
  });

  it('disable locks the account and ends its sessions; list shows it', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    await startSession(db.prisma, user.id, new Date());
    const r = await withPassword(undefined, 'user', 'disable', '--email', 'chanh.vp@langson.gov.vn');
    expect(r).toMatchObject({ code: 0 });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBe(null);
    expect(await db.prisma.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.prisma.auditEvent.count({ where: { action: 'user_disable', actor: 'cli', target: user.id } })).toBe(1);
    const list = await dondoc('user', 'list');
    expect(list).toMatchObject({ code: 0 });
    expect(list.stdout).toMatch(/chanh\.vp@langson\.gov\.vn\toffice\tTrần Thị Chánh\tđã khóa \/ disabled/);
  });

  it('grant and revoke give and take a plan, in the audit log; list shows each account’s plans', async () => {
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    expect(await withPassword(PASSWORD, 'user', 'add', '--email', 'lan@x.vn', '--name', 'Lan', '--role', 'committee')).toMatchObject({ code: 0 });
    expect(await withPassword(PASSWORD, 'user', 'add', '--email', 'qt@x.vn', '--name', 'Quản trị', '--role', 'admin')).toMatchObject({ code: 0 });
    const lan = await db.prisma.user.findUniqueOrThrow({ where: { email: 'lan@x.vn' } });
    const audited = (action: string) => db.prisma.auditEvent.count({ where: { action, actor: 'cli', target: lan.id } });
    const unknown = await dondoc('user', 'grant', '--email', 'lan@x.vn', '--plan', 'khong-co');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no plan khong-co/);
    const noPlan = await dondoc('user', 'grant', '--email', 'lan@x.vn');
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toMatch(/--plan is required/);
    expect((await withPassword(PASSWORD, 'user', 'add', '--email', 'x@x.vn', '--name', 'X', '--role', 'office', '--plan', 'test-2026')).code).toBe(2);
    expect((await dondoc('user', 'list')).stdout).toMatch(/^lan@x\.vn\tcommittee\tLan\thoạt động \/ active\tchưa được giao kế hoạch \/ no plan$/m);

    const granted = await dondoc('user', 'grant', '--email', 'LAN@x.vn', '--plan', 'test-2026');
    expect(granted).toMatchObject({ code: 0 });
    expect(granted.stdout).toMatch(/granted test-2026 to lan@x\.vn/);
    expect(await db.prisma.userPlan.count({ where: { userId: lan.id, planId: 'test-2026' } })).toBe(1);
    expect(await audited('user_grant')).toBe(1);
    const again = await dondoc('user', 'grant', '--email', 'lan@x.vn', '--plan', 'test-2026');
    expect(again.stdout).toMatch(/already granted/);
    expect(await audited('user_grant')).toBe(1);
    const list = (await dondoc('user', 'list')).stdout;
    expect(list).toMatch(/^lan@x\.vn\tcommittee\tLan\thoạt động \/ active\ttest-2026$/m);
    expect(list).toMatch(/^qt@x\.vn\tadmin\tQuản trị\thoạt động \/ active\tmọi kế hoạch \/ every plan$/m);
    // An administrator sees every plan: nothing to grant.
    expect((await dondoc('user', 'grant', '--email', 'qt@x.vn', '--plan', 'test-2026')).stdout).toMatch(/an administrator sees every plan; nothing changed/);

    const revoked = await dondoc('user', 'revoke', '--email', 'lan@x.vn', '--plan', 'test-2026');
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toMatch(/revoked test-2026 from lan@x\.vn/);
    expect(await db.prisma.userPlan.count({ where: { userId: lan.id } })).toBe(0);
    expect(await audited('user_revoke')).toBe(1);
    expect((await dondoc('user', 'revoke', '--email', 'lan@x.vn', '--plan', 'test-2026')).stdout).toMatch(/did not have this plan; nothing changed/);
    expect(await audited('user_revoke')).toBe(1);
    expect(await db.prisma.userPlan.count()).toBe(0);
  });

  it('--help explains the commands; a wrong one is a usage error', async () => {
    const help = await dondoc('user', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/dondoc user add --email EMAIL --name "HỌ TÊN" --role office\|committee\|admin/);
    expect(help.stdout).toMatch(/dondoc user grant --email EMAIL --plan PLAN/);
    expect(help.stdout).toMatch(/dondoc user revoke --email EMAIL --plan PLAN/);
    const wrong = await dondoc('user', 'delete', '--email', 'a@x.vn');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/unknown command/);
  });
});

describe('the development administrator (npm run dev)', () => {
  it('is created only when there is no account, with a random password kept in a 0600 file', async () => {
    const { ensureDevAdmin } = await import('../../cli/dev-admin.ts');
    const fs = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const db = await freshDatabase();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-devadmin-'));
    try {
      const first = await ensureDevAdmin(db.prisma, dir);
      expectTruthy(first);
      expect(first.email).toBe('admin@dondoc.invalid');
      expect(first.password.length).toBeGreaterThanOrEqual(20);
      expect((await fs.readFile(first.file, 'utf8')).trim()).toBe(first.password);
      expect((await fs.stat(first.file)).mode & 0o777).toBe(0o600);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@dondoc.invalid' } });
      expect(user.role).toBe('admin');
      expect(await verifyPassword(first.password, user.passwordHash)).toBe(true);
      // not again
      expect(await ensureDevAdmin(db.prisma, dir)).toBe(null);
      expect(await db.prisma.user.count()).toBe(1);
      // Another fresh database gets another password: there is no fixed default.
      const other = await freshDatabase();
      const otherDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-devadmin-'));
      try {
        const second = await ensureDevAdmin(other.prisma, otherDir);
        expect(second?.password).not.toBe(first.password);
      } finally {
        await other.close();
        await fs.rm(otherDir, { recursive: true, force: true });
      }
    } finally {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
