// `dondoc user add|passwd|disable|grant|revoke|list`: the office's accounts and the plans each may see
// (web/auth/plan-scope.ts), managed from a terminal by whoever runs the server. Every change is in the
// audit log (actor "cli").
import type { Config } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { formatDateTime } from '../domain/calendar.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './plan-commands.ts';

export const USER_HELP = `dondoc user add --email EMAIL --name "HỌ TÊN" --role office|committee|admin
    tạo tài khoản / create an account
    (office: cơ quan thường trực / standing office; committee: Thường trực Ban, chỉ xem / standing committee, read only;
     admin: quản trị, xem nhật ký / administrator, reads the audit log)
dondoc user passwd --email EMAIL
    đặt mật khẩu mới; các phiên đăng nhập cũ bị hủy / set a new password; existing sessions end
dondoc user disable --email EMAIL
    khóa tài khoản; các phiên đăng nhập bị hủy / disable the account; its sessions end
dondoc user grant --email EMAIL --plan PLAN
    giao kế hoạch cho tài khoản office/committee: tài khoản chỉ xem và thao tác trên các kế hoạch được giao;
    quản trị viên xem mọi kế hoạch / give an office or committee account a plan: an account sees and acts
    on its plans only; an administrator sees every plan
dondoc user revoke --email EMAIL --plan PLAN
    thu hồi kế hoạch đã giao; có hiệu lực ngay / take the plan away; effective at the next request
dondoc user list
    danh sách tài khoản và kế hoạch được giao / list the accounts and their plans
Mật khẩu / password: biến môi trường DONDOC_NEW_PASSWORD, hoặc nhập khi chạy trong terminal; ít nhất 12 ký tự
    (the DONDOC_NEW_PASSWORD environment variable, or typed when run in a terminal; at least 12 characters)
Exit codes: 0 ok, 1 refused or invalid (short password, unknown account or plan, email taken), 2 usage.`;

export interface UserCommandIo {
  /** Asks for the new password on a terminal; null when there is none. */
  promptPassword: () => Promise<string | null>;
}

async function newPassword(config: Config, io: UserCommandIo): Promise<string> {
  const { MIN_PASSWORD_LENGTH } = await import('../accounts/passwords.ts');
  const password = config.newPassword ?? (await io.promptPassword());
  if (password === null) throw new CliError('cần mật khẩu: đặt DONDOC_NEW_PASSWORD hoặc chạy trong terminal / a password is needed: set DONDOC_NEW_PASSWORD or run in a terminal', 2);
  if (password === '') throw new CliError('hai lần nhập không khớp hoặc để trống / the two entries differ or are empty', 1);
  if (password.length < MIN_PASSWORD_LENGTH) throw new CliError(`mật khẩu quá ngắn (ít nhất ${MIN_PASSWORD_LENGTH} ký tự) / the password is too short (at least ${MIN_PASSWORD_LENGTH} characters)`, 1);
  if (password.length > 1024) throw new CliError('mật khẩu quá dài / the password is too long', 1);
  return password;
}

async function requireUser(prisma: PrismaClient, email: string) {
  const { findUserByEmail } = await import('../accounts/users.ts');
  const user = await findUserByEmail(prisma, email);
  if (!user) throw new CliError(`Không có tài khoản ${email} / no account ${email}`, 1);
  return user;
}

export async function userCommand(config: Config, argv: string[], io: UserCommandIo): Promise<string> {
  const parsed = parseCommandArgs(
    argv,
    { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, plan: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    USER_HELP,
  );
  const { positionals, values } = parsed;
  const sub = positionals[1];
  if (values.help) return USER_HELP;
  if (!sub || !['add', 'passwd', 'disable', 'grant', 'revoke', 'list'].includes(sub) || positionals.length > 2) throw new CliError(`lệnh không hợp lệ / unknown command\n\n${USER_HELP}`, 2);
  if (sub !== 'list' && !values.email) throw new CliError(`cần --email / --email is required\n\n${USER_HELP}`, 2);
  const grants = sub === 'grant' || sub === 'revoke';
  if (grants && !values.plan?.trim()) throw new CliError(`cần --plan / --plan is required\n\n${USER_HELP}`, 2);
  if (!grants && values.plan !== undefined) throw new CliError(`--plan chỉ dùng với grant và revoke / --plan goes with grant and revoke only\n\n${USER_HELP}`, 2);
  const { EmailSchema, RoleSchema, createUser } = await import('../accounts/users.ts');
  const email = values.email === undefined ? undefined : EmailSchema.safeParse(values.email);
  if (email && !email.success) throw new CliError(`email không hợp lệ / invalid email: ${values.email}`, 1);
  // Arguments first: nothing is asked or opened for a command that cannot run.
  let role;
  if (sub === 'add') {
    if (!values.name?.trim() || !values.role) throw new CliError(`cần --name và --role / --name and --role are required\n\n${USER_HELP}`, 2);
    const r = RoleSchema.safeParse(values.role);
    if (!r.success) throw new CliError(`vai trò không hợp lệ / invalid role "${values.role}": office | committee | admin`, 1);
    role = r.data;
    if (values.name.trim().length > 200) throw new CliError('tên quá dài / the name is too long', 1);
  }

  const { createPrisma } = await import('../db/client.ts');
  const { migrateDeploy } = await import('../db/migrate.ts');
  const { recordAudit } = await import('../db/audit.ts');
  const { revokeUserSessions } = await import('../accounts/sessions.ts');
  await migrateDeploy(config.databaseUrl);
  const prisma = await createPrisma(config);
  try {
    if (sub === 'list') {
      const users = await prisma.user.findMany({ orderBy: { email: 'asc' }, include: { plans: { select: { planId: true }, orderBy: { planId: 'asc' } } } });
      if (users.length === 0) return 'Chưa có tài khoản nào / no accounts yet';
      const plansOf = (u: (typeof users)[number]) =>
        u.role === 'admin' ? 'mọi kế hoạch / every plan' : u.plans.length ? u.plans.map((p) => p.planId).join(',') : 'chưa được giao kế hoạch / no plan';
      return users.map((u) => `${u.email}\t${u.role}\t${u.name}\t${u.disabledAt ? `đã khóa / disabled ${formatDateTime(u.disabledAt)}` : 'hoạt động / active'}\t${plansOf(u)}`).join('\n');
    }
    const address = email!.data!;
    if (sub === 'add') {
      if (await prisma.user.findUnique({ where: { email: address } })) throw new CliError(`Đã có tài khoản ${address} / the account ${address} already exists`, 1);
      const password = await newPassword(config, io);
      const user = await createUser(prisma, { email: address, name: values.name!.trim(), role: role!, password });
      await recordAudit(prisma, { actor: 'cli', action: 'user_add', target: user.id, detail: { email: address, role } });
      return `Đã tạo tài khoản / created ${address} (${role})`;
    }
    const user = await requireUser(prisma, address);
    const now = new Date();
    if (grants) return await grantCommand(prisma, sub, user, values.plan!.trim(), now);
    if (sub === 'passwd') {
      const password = await newPassword(config, io);
      const { hashPassword } = await import('../accounts/passwords.ts');
      await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
      const ended = await revokeUserSessions(prisma, user.id, now);
      await recordAudit(prisma, { actor: 'cli', action: 'user_passwd', target: user.id, detail: { email: address, sessionsEnded: ended }, at: now });
      return `Đã đặt mật khẩu mới / new password set for ${address}; ${ended} phiên bị hủy / session(s) ended`;
    }
    if (user.disabledAt) return `Tài khoản đã khóa từ trước / already disabled: ${address}`;
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: now } });
    const ended = await revokeUserSessions(prisma, user.id, now);
    await recordAudit(prisma, { actor: 'cli', action: 'user_disable', target: user.id, detail: { email: address, sessionsEnded: ended }, at: now });
    return `Đã khóa / disabled ${address}; ${ended} phiên bị hủy / session(s) ended`;
  } finally {
    await prisma.$disconnect();
  }
}

/** `user grant|revoke --email E --plan P`: what the account may see changes at its next request. */
async function grantCommand(prisma: PrismaClient, sub: 'grant' | 'revoke', user: { id: string; email: string; role: string }, planId: string, now: Date): Promise<string> {
  const { grantPlan, revokePlan } = await import('../web/auth/plan-scope.ts');
  const { recordAudit } = await import('../db/audit.ts');
  if (!(await prisma.plan.findUnique({ where: { id: planId }, select: { id: true } }))) throw new CliError(`Không có kế hoạch ${planId} / no plan ${planId}`, 1);
  if (user.role === 'admin') return `Quản trị viên xem được mọi kế hoạch; không thay đổi gì / an administrator sees every plan; nothing changed: ${user.email}`;
  if (sub === 'grant') {
    if (!(await grantPlan(prisma, user.id, planId, now))) return `Đã được giao từ trước / already granted: ${user.email} ${planId}`;
    await recordAudit(prisma, { actor: 'cli', action: 'user_grant', target: user.id, detail: { email: user.email, plan: planId }, at: now });
    return `Đã giao kế hoạch / granted ${planId} to ${user.email}`;
  }
  if (!(await revokePlan(prisma, user.id, planId))) return `Tài khoản không có kế hoạch này; không thay đổi gì / the account did not have this plan; nothing changed: ${user.email} ${planId}`;
  await recordAudit(prisma, { actor: 'cli', action: 'user_revoke', target: user.id, detail: { email: user.email, plan: planId }, at: now });
  return `Đã thu hồi kế hoạch / revoked ${planId} from ${user.email}`;
}
