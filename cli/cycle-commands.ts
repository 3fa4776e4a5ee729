// `dondoc cycle status|extend|exempt|resend|return|accept PLAN CYCLE [UNIT]` and `dondoc submit PLAN CYCLE UNIT`:
// the office's work from a terminal. Every change goes through the engine (workflow Updates, or the
// database-first submission path), exactly as from the web app.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.ts';
import type { PrismaClient } from '../db/client.ts';
import { formatDate, formatDateTime, lastDayOfDue, localDateAt, type LocalDate } from '../domain/calendar.ts';
import { dayInputMessage, parseDayInput } from '../domain/day-input.ts';
import { cycleId, obligationId } from '../domain/ids.ts';
import { OBLIGATION_STATUSES, STATUS_LABELS } from '../domain/statuses.ts';
import { obligationStatusOf } from '../domain/status-schema.ts';
import { cycleCounts, percent, type CycleCounts, type Rate } from '../db/cycle-stats.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './plan-commands.ts';

export const CYCLE_HELP = `dondoc cycle status PLAN CYCLE
    bảng các đơn vị và tình trạng / the table of units and their status
dondoc cycle extend PLAN CYCLE UNIT --to dd/mm/yyyy --reason "..."
    gia hạn cho một đơn vị / extend one unit's deadline (the new last day)
dondoc cycle extend PLAN CYCLE --all --to dd/mm/yyyy --reason "..."
    gia hạn cho mọi đơn vị chưa nộp / extend the deadline of every unit that has not reported
dondoc cycle exempt PLAN CYCLE UNIT --reason "..."
    miễn báo cáo cho một đơn vị / exempt one unit from this cycle
dondoc cycle resend PLAN CYCLE UNIT
    gửi lại thư nhắc ngay / send a reminder now
dondoc cycle return PLAN CYCLE UNIT --reason "..." --to dd/mm/yyyy
    trả lại báo cáo mới nhất để hoàn thiện, hạn nộp lại / return the latest report for revision, with the new last day
dondoc cycle accept PLAN CYCLE UNIT
    tiếp nhận báo cáo mới nhất / accept the latest report
dondoc submit PLAN CYCLE UNIT --comment "..."
    ghi nhận báo cáo nộp bằng giấy / record a report that arrived on paper
--to: ngày cuối mới, dd/mm/yyyy (hoặc yyyy-mm-dd) / the new last day, dd/mm/yyyy (or yyyy-mm-dd)
--by NAME: ai thực hiện, ghi vào hồ sơ và nhật ký / who acts, recorded by the engine and the audit log (default: cli)
Exit codes: 0 ok, 1 refused or invalid, 2 usage, 3 a server is unreachable.`;

interface Ctx {
  config: Config;
  prisma: PrismaClient;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

async function requireObligation(prisma: PrismaClient, plan: string, cycle: string, unit: string): Promise<string> {
  const id = obligationId(plan, cycle, unit);
  if (!(await prisma.obligation.findUnique({ where: { id } }))) {
    throw new CliError(`Không có đơn vị "${unit}" trong kỳ ${cycleId(plan, cycle)} / no unit "${unit}" in cycle ${cycleId(plan, cycle)}`, 1);
  }
  return id;
}

async function temporal(config: Config) {
  const { connectTemporal } = await import('../temporal/client.ts');
  try {
    return await connectTemporal(config.temporal);
  } catch {
    throw new CliError(`Không kết nối được Temporal tại ${config.temporal.address} / cannot reach Temporal at ${config.temporal.address}`, 3);
  }
}

async function status(ctx: Ctx, plan: string, cycle: string): Promise<string> {
  const c = await ctx.prisma.cycle.findUnique({
    where: { id: cycleId(plan, cycle) },
    include: { obligations: { include: { unit: true, _count: { select: { emails: { where: { kind: 'reminder', status: 'sent' } } } } }, orderBy: { unit: { name: 'asc' } } } },
  });
  if (!c) throw new CliError(`Không có kỳ báo cáo ${cycleId(plan, cycle)} / no cycle ${cycleId(plan, cycle)}`, 1);
  const rows = c.obligations.map((o) => {
    const label = STATUS_LABELS[obligationStatusOf(o.status)];
    return [o.unit.code, o.unit.name, label.vi, formatDate(lastDayOfDue(o.dueAt)), o.submittedAt ? formatDateTime(o.submittedAt) : '—', String(o._count.emails)];
  });
  const head = ['Mã / code', 'Đơn vị / unit', 'Tình trạng / status', 'Hạn / due', 'Nộp lúc / submitted', 'Nhắc / reminders'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => pad(x, widths[i]!)).join('  ');
  const counts = await cycleCounts(ctx.prisma, c.id);
  return [`${c.title} (${c.id}) – hạn / due ${formatDate(c.lastDay)}`, ...countLines(counts), '', line(head), ...rows.map(line)].join('\n');
}

/**
 * The cycle's counts as the dashboard and the close show them, all from db/cycle-stats.ts: the two
 * rates (a confirmed "nothing to report" counts as reported; exempted units are not expected), the
 * reports among them, then every status that has units.
 */
function countLines(c: CycleCounts): string[] {
  const rate = (r: Rate) => `${r.numerator}/${r.denominator} (${percent(r)})`;
  const reports = c.byStatus.submitted_on_time + c.byStatus.submitted_late;
  return [
    `Tỷ lệ báo cáo / reporting rate: ${rate(c.reportingRate)} · Đúng hạn / on time: ${rate(c.onTimeRate)}`,
    `Đã nộp / submitted: ${reports}/${c.expected} · ${STATUS_LABELS.nothing_to_report.vi} / ${STATUS_LABELS.nothing_to_report.en.toLowerCase()}: ${c.byStatus.nothing_to_report}`,
    `Theo tình trạng / by status (${c.total} đơn vị / units):`,
    ...OBLIGATION_STATUSES.filter((s) => c.byStatus[s] > 0).map((s) => `  ${STATUS_LABELS[s].vi} / ${STATUS_LABELS[s].en}: ${c.byStatus[s]}`),
  ];
}

/** --to as a calendar day, read by the pages' parser (domain/day-input.ts): dd/mm/yyyy or yyyy-mm-dd. */
function dayArg(to: string | undefined): LocalDate {
  if (!to) throw new CliError('cần --to dd/mm/yyyy / --to dd/mm/yyyy is required', 2);
  const r = parseDayInput(to);
  if (r.ok) return r.day;
  const m = dayInputMessage(r.problem, to);
  throw new CliError(`--to: ${m.vi} / ${m.en}`, 2);
}

/** `cycle return|accept`: the office's review of the unit's latest version, through the engine as from the web. */
async function review(ctx: Ctx, id: string, sub: 'return' | 'accept', typed: string | undefined, reason: string | undefined, by: string, audit: (action: string, detail: Record<string, unknown>) => Promise<void>): Promise<string> {
  // Arguments first: a usage error must not wait for a server.
  const to = sub === 'return' ? dayArg(typed) : undefined;
  if (sub === 'return' && !reason?.trim()) throw new CliError('cần --reason "..." / --reason is required', 2);
  if (to && to < localDateAt(new Date())) throw new CliError('Hạn nộp lại phải từ hôm nay trở đi / the new last day must be today or later', 1);
  // the latest version as web/submission-versions.ts numbers them (the id breaks a tie)
  const latest = await ctx.prisma.submission.findFirst({ where: { obligationId: id }, orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }] });
  if (!latest) throw new CliError(`Đơn vị chưa nộp báo cáo để xem xét / ${id} has no submission to review`, 1);
  const actions = await import('../temporal/office-actions.ts');
  const d = await temporal(ctx.config);
  try {
    if (to && reason) {
      await actions.returnSubmission(ctx.prisma, d, id, latest.id, to, reason, by);
      await audit('return', { submissionId: latest.id, lastDay: to, reason });
      return `Đã trả lại để hoàn thiện / returned for revision ${id} (${latest.id}): hạn nộp lại / new last day ${formatDate(to)}`;
    }
    await actions.acceptVersion(ctx.prisma, d, id, latest.id, by);
    await audit('accept', { submissionId: latest.id });
    return `Đã tiếp nhận / accepted ${id} (${latest.id})`;
  } catch (err) {
    if (err instanceof actions.OfficeActionRefused) throw new CliError(`Bị từ chối / refused: ${err.message}`, 1);
    throw err;
  } finally {
    await d.client.connection.close();
  }
}

async function extendAll(ctx: Ctx, plan: string, cycle: string, typed: string | undefined, reason: string | undefined, by: string): Promise<string> {
  const to = dayArg(typed);
  if (!reason?.trim()) throw new CliError('cần --reason "..." / --reason is required', 2);
  const id = cycleId(plan, cycle);
  if (!(await ctx.prisma.cycle.findUnique({ where: { id } }))) throw new CliError(`Không có kỳ báo cáo ${id} / no cycle ${id}`, 1);
  const actions = await import('../temporal/office-actions.ts');
  const d = await temporal(ctx.config);
  try {
    const r = await actions.extendCycle(ctx.prisma, d, id, to, reason, by);
    return `Đã gia hạn đến hết ngày ${formatDate(to)} cho ${r.extended} đơn vị chưa nộp / extended ${r.extended} unit(s) to the end of ${formatDate(to)}` +
      (r.ended ? `; ${r.ended} đơn vị vừa kết thúc / just finished` : '');
  } catch (err) {
    if (err instanceof actions.OfficeActionRefused) throw new CliError(`Bị từ chối / refused: ${err.message}`, 1);
    throw err;
  } finally {
    await d.client.connection.close();
  }
}

export async function cycleCommand(config: Config, argv: string[]): Promise<string> {
  const parsed = parseCommandArgs(
    argv,
    { all: { type: 'boolean' }, to: { type: 'string' }, reason: { type: 'string' }, comment: { type: 'string' }, by: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    CYCLE_HELP,
  );
  const { positionals, values } = parsed;
  const [cmd, sub, plan, cycle, unit] = positionals[0] === 'submit' ? ['submit', 'submit', ...positionals.slice(1)] : positionals;
  if (values.help) return CYCLE_HELP;
  if (!plan || !cycle) throw new CliError(`thiếu PLAN hoặc CYCLE / missing PLAN or CYCLE\n\n${CYCLE_HELP}`, 2);
  const by = values.by ?? 'cli'; // who acted, for the engine's records and the audit log (--by NAME)
  const { createPrisma } = await import('../db/client.ts');
  const { migrateDeploy } = await import('../db/migrate.ts');
  await migrateDeploy(config.databaseUrl);
  const prisma = await createPrisma(config);
  try {
    const ctx: Ctx = { config, prisma };
    if (cmd === 'cycle' && sub === 'status') return await status(ctx, plan, cycle);
    if (cmd === 'cycle' && sub === 'extend' && values.all) return await extendAll(ctx, plan, cycle, values.to, values.reason, by);
    if (!unit) throw new CliError(`thiếu UNIT / missing UNIT\n\n${CYCLE_HELP}`, 2);
    const id = await requireObligation(prisma, plan, cycle, unit);
    const actions = await import('../temporal/office-actions.ts');
    const { recordAudit } = await import('../db/audit.ts');
    const audit = (action: string, detail: Record<string, unknown>) => recordAudit(prisma, { actor: 'cli', action, target: id, detail: { ...detail, by } });
    const refusal = (err: unknown) => {
      if (err instanceof actions.OfficeActionRefused) throw new CliError(`Bị từ chối / refused: ${err.message}`, 1);
      throw err;
    };
    if (cmd === 'submit') {
      if (!values.comment?.trim()) throw new CliError('cần --comment "..." / --comment is required', 2);
      const { recordSubmission } = await import('../db/submissions.ts');
      const { deliverOne } = await import('../temporal/submission-delivery.ts');
      const { deliverToUnit } = await import('../temporal/unit-workflows.ts');
      const { submission } = await recordSubmission(prisma, { submissionId: randomUUID(), obligationId: id, comment: values.comment, channel: 'paper', receivedAt: new Date() });
      await audit('paper_submission', { submissionId: submission.id });
      let delivered = false;
      try {
        const d = await temporal(config);
        delivered = await deliverOne(prisma, (o, s) => deliverToUnit(prisma, d, o, s), submission);
        await d.client.connection.close();
      } catch {
        delivered = false;
      }
      return `Đã ghi nhận / recorded ${submission.id} (${submission.onTime ? 'đúng hạn / on time' : 'muộn / late'}), SHA-256 ${submission.checksum}` +
        (delivered ? '' : '\nTemporal chưa nhận; sẽ được chuyển khi ứng dụng web chạy / not yet delivered to Temporal; the web app delivers it when it runs');
    }
    if (cmd === 'cycle' && (sub === 'return' || sub === 'accept')) return await review(ctx, id, sub, values.to, values.reason, by, audit);
    if (cmd !== 'cycle' || !['extend', 'exempt', 'resend'].includes(sub!)) throw new CliError(`lệnh không hợp lệ / unknown command\n\n${CYCLE_HELP}`, 2);
    // Arguments first: a usage error must not wait for a server.
    const to = sub === 'extend' ? dayArg(values.to) : undefined;
    if ((sub === 'extend' || sub === 'exempt') && !values.reason?.trim()) throw new CliError('cần --reason "..." / --reason is required', 2);
    const d = await temporal(config);
    try {
      if (sub === 'extend' && to && values.reason) {
        const s = await actions.extendObligation(prisma, d, id, to, values.reason, by).catch(refusal);
        await audit('extend', { to, reason: values.reason });
        return `Đã gia hạn / extended ${id}: hạn mới / new deadline ${formatDate(lastDayOfDue(new Date(s.dueAt)))}`;
      }
      if (sub === 'exempt' && values.reason) {
        await actions.exemptObligation(prisma, d, id, values.reason, by).catch(refusal);
        await audit('exempt', { reason: values.reason });
        return `Đã miễn / exempted ${id}`;
      }
      await actions.resendReminderNow(prisma, d, id, randomUUID(), by).catch(refusal);
      await audit('resend', {});
      return `Đã yêu cầu gửi lại thư nhắc / reminder requested for ${id}`;
    } finally {
      await d.client.connection.close();
    }
  } finally {
    await prisma.$disconnect();
  }
}
