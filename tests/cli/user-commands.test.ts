// `dondoc user ...` as a person runs it (child processes) against a real SQLite database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSession } from '../../web/auth/sessions.ts';
import { verifyPassword } from '../../web/auth/passwords.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { STACK_TRACE, dondoc } from './cli-runner.ts';

const PASSWORD = 'mot-mat-khau-du-dai';

describe('dondoc user', { timeout: 120_000 }, () => {
  let db: TestDb;
  before(async () => {
    db = await freshDatabase();
    process.env.DATABASE_URL = db.url;
  });
  after(async () => {
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
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Đã tạo tài khoản \/ created chanh\.vp@langson\.gov\.vn \(office\)/);
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    assert.equal(user.name, 'Trần Thị Chánh');
    assert.equal(user.role, 'office');
    assert.match(user.passwordHash, /^scrypt\$/);
    assert.equal(await verifyPassword(PASSWORD, user.passwordHash), true);
    const e = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user_add', target: user.id } });
    assert.equal(e.actor, 'cli');
    assert.doesNotMatch(e.detail ?? '', new RegExp(PASSWORD));
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
      assert.equal(r.code, code, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
      assert.equal(await db.prisma.user.count(), before);
    });
  }

  it('passwd sets a new password and ends the sessions; an unknown account is refused', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    await startSession(db.prisma, user.id, new Date());
    const r = await withPassword('mat-khau-moi-2026', 'user', 'passwd', '--email', 'chanh.vp@langson.gov.vn');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 phiên bị hủy/);
    const after = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    assert.equal(await verifyPassword('mat-khau-moi-2026', after.passwordHash), true);
    assert.equal(await verifyPassword(PASSWORD, after.passwordHash), false);
    assert.equal(await db.prisma.session.count({ where: { userId: user.id, revokedAt: null } }), 0);
    assert.equal(await db.prisma.auditEvent.count({ where: { action: 'user_passwd', actor: 'cli', target: user.id } }), 1);
    const unknown = await withPassword(PASSWORD, 'user', 'passwd', '--email', 'nobody@x.vn');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no account nobody@x\.vn/);
  });

  it('disable locks the account and ends its sessions; list shows it', async () => {
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'chanh.vp@langson.gov.vn' } });
    await startSession(db.prisma, user.id, new Date());
    const r = await withPassword(undefined, 'user', 'disable', '--email', 'chanh.vp@langson.gov.vn');
    assert.equal(r.code, 0, r.stderr);
    assert.notEqual((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt, null);
    assert.equal(await db.prisma.session.count({ where: { userId: user.id, revokedAt: null } }), 0);
    assert.equal(await db.prisma.auditEvent.count({ where: { action: 'user_disable', actor: 'cli', target: user.id } }), 1);
    const list = await dondoc('user', 'list');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /chanh\.vp@langson\.gov\.vn\toffice\tTrần Thị Chánh\tđã khóa \/ disabled/);
  });

  it('--help explains the commands; a wrong one is a usage error', async () => {
    const help = await dondoc('user', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /dondoc user add --email EMAIL --name "HỌ TÊN" --role office\|committee\|admin/);
    const wrong = await dondoc('user', 'delete', '--email', 'a@x.vn');
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /unknown command/);
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
      assert.ok(first);
      assert.equal(first.email, 'admin@dondoc.invalid');
      assert.ok(first.password.length >= 20);
      assert.equal((await fs.readFile(first.file, 'utf8')).trim(), first.password);
      assert.equal((await fs.stat(first.file)).mode & 0o777, 0o600);
      const user = await db.prisma.user.findUniqueOrThrow({ where: { email: 'admin@dondoc.invalid' } });
      assert.equal(user.role, 'admin');
      assert.equal(await verifyPassword(first.password, user.passwordHash), true);
      assert.equal(await ensureDevAdmin(db.prisma, dir), null, 'not again');
      assert.equal(await db.prisma.user.count(), 1);
      // Another fresh database gets another password: there is no fixed default.
      const other = await freshDatabase();
      const otherDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-devadmin-'));
      try {
        const second = await ensureDevAdmin(other.prisma, otherDir);
        assert.notEqual(second?.password, first.password);
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
