// Activities that write to one unit: reminders before the deadline, the overdue notice after it,
// and the receipt of a submission. Each email is sent once per business key (send-once.ts), and a
// reminder or notice is skipped when the database already holds the unit's report, even if the
// workflow has not heard of it yet (a submission stored while Temporal was unreachable). Also the
// record of the office's decisions (extension, exemption) with their reason and who decided.
import { DateTime } from 'luxon';
import { daysBetween, daysOverdue, lastDayOfDue, localDateAt } from '../domain/calendar.ts';
import { addressesOf } from '../domain/contacts.ts';
import { extensionSchedule } from '../domain/extension.ts';
import { formatSize } from '../domain/file-size.ts';
import { figureRows } from '../domain/figure-values.ts';
import { emailKey } from '../domain/ids.ts';
import { PENDING_STATUSES } from '../domain/statuses.ts';
import { markExempted, markExtended, markOverdue, markReminded } from '../db/obligation-status.ts';
import { cycleForms } from '../db/report-forms.ts';
import { issueToken } from '../db/tokens.ts';
import { renderOverdue } from '../templates/overdue.ts';
import { renderReceipt } from '../templates/receipt.ts';
import { renderReminder } from '../templates/reminder.ts';
import type { RenderedEmail } from '../templates/layout.ts';
import { readCycleFigures, readCycleRequest, readCycleTimeline, readSubmissionFigures } from '../db/stored-json.ts';
import type { ActivityDeps } from './deps.ts';
import { loadObligation, officeOf } from './obligation-context.ts';
import { alreadySent, sendOnce, type EmailEnvelope, type SendOutcome } from './send-once.ts';
import { storedPlan } from './stored-plan.ts';

export interface NoticeRequest {
  obligationId: string;
  /** The instant the workflow scheduled this notice for (ISO); part of the email's business key. */
  scheduledFor: string;
}

export type NoticeOutcome = SendOutcome | 'skipped-submitted';

export async function personalLink(deps: ActivityDeps, obligationId: string, closesAt: Date): Promise<string> {
  const expiresAt = DateTime.fromJSDate(closesAt).plus({ days: deps.linkDaysAfterClose }).toJSDate();
  const token = await issueToken(deps.prisma, obligationId, expiresAt);
  return `${deps.publicUrl}/r/${token}`;
}

export type LoadedObligation = Awaited<ReturnType<typeof loadObligation>>;

/**
 * The day the committee hears of this unit if its report is still missing: the cycle's escalation,
 * or, when the unit's own deadline was extended, the escalation the plan's policy gives that deadline
 * (as a cycle-wide extension escalates again: domain/extension.ts).
 */
function escalationDayOf(o: LoadedObligation): string {
  const timeline = readCycleTimeline(o.cycle.timeline, o.cycleId);
  if (o.dueAt.getTime() === timeline.dueAt.getTime()) return localDateAt(timeline.escalationAt);
  const plan = storedPlan(o.cycle.plan);
  const cycle = plan?.cycles.find((c) => c.key === o.cycle.key) ?? readCycleRequest(o.cycle.request, o.cycleId)?.cycle; // a one-off request's own definition
  // A stored plan always validated when it was loaded; should it not now, the notice still goes, with the cycle's date.
  if (!plan || !cycle) return localDateAt(timeline.escalationAt);
  return localDateAt(extensionSchedule(cycle, plan.reminders, lastDayOfDue(o.dueAt)).escalationAt);
}


/** The envelope of an email to the unit's focal persons, with the plan's office as Reply-To. */
export function toUnit(o: LoadedObligation, kind: EmailEnvelope['kind'], key: string, scheduledFor?: Date): EmailEnvelope {
  return { key, kind, to: addressesOf(o.unit.contacts), replyTo: officeOf(o.cycle.plan).email, obligationId: o.id, cycleId: o.cycleId, scheduledFor };
}

/**
 * A reminder or an overdue notice to an obligation already loaded: skipped once the unit reported;
 * otherwise its personal link is issued (a database write) only when the email has not gone out yet,
 * and the email rendered with it is handed to sendOnce.
 */
async function noticeWithLink(
  deps: ActivityDeps,
  o: LoadedObligation,
  at: Date,
  kind: 'reminder' | 'overdue',
  /** May read (the cycle's forms), never write: the one write, the link, is made before it. */
  render: (o: LoadedObligation, at: Date, link: string) => RenderedEmail | Promise<RenderedEmail>,
): Promise<NoticeOutcome> {
  if (!PENDING_STATUSES.includes(o.status as never)) return 'skipped-submitted';
  const envelope = toUnit(o, kind, emailKey(kind, o.id, at), at);
  if (await alreadySent(deps.prisma, envelope.key)) return 'already-sent';
  const link = await personalLink(deps, o.id, o.cycle.closesAt);
  return sendOnce(deps, { ...envelope, email: await render(o, at, link) });
}

export type CycleForms = Awaited<ReturnType<typeof cycleForms>>;

/**
 * The reminder scheduled for `at` to one loaded obligation, under its business key
 * (emailKey('reminder', obligation, at)): the one path of the per-unit sendReminder and of the cycle's
 * reminder wave (activities/reminder-wave.ts). `forms`, when the caller read the cycle's forms once
 * for many units; otherwise read here.
 */
export async function sendUnitReminder(deps: ActivityDeps, o: LoadedObligation, at: Date, forms?: CycleForms): Promise<NoticeOutcome> {
  const outcome = await noticeWithLink(deps, o, at, 'reminder', async (o, at, link) =>
    renderReminder({
      unitName: o.unit.name,
      cycleTitle: o.cycle.title,
      planTitle: o.cycle.plan.title,
      lastDay: lastDayOfDue(o.dueAt),
      daysLeft: daysBetween(localDateAt(at), lastDayOfDue(o.dueAt)),
      form: o.cycle.form ?? undefined,
      forms: forms ?? (await cycleForms(deps.prisma, o.cycleId)),
      link,
      office: officeOf(o.cycle.plan),
    }),
  );
  if (outcome === 'skipped-submitted') return outcome;
  await markReminded(deps.prisma, o.id);
  return outcome;
}

export interface OverdueMark {
  overdue: boolean;
  submissionId?: string;
}

/**
 * Marks the obligation overdue unless a report arrived: the one path of the per-unit markOverdue and of
 * the cycle's wave (activities/reminder-wave.ts runWave). When the database holds a report the workflow
 * has not heard of (its signal is still on the way), returns that report's id so the workflow can treat
 * it as received and send the receipt.
 */
export async function markUnitOverdue(prisma: ActivityDeps['prisma'], obligationId: string): Promise<OverdueMark> {
  await markOverdue(prisma, obligationId);
  const o = await prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } });
  if (o.status === 'overdue' || o.status === 'escalated') return { overdue: true };
  const first = await prisma.submission.findFirst({ where: { obligationId: o.id }, orderBy: { receivedAt: 'asc' } });
  return { overdue: false, submissionId: first?.id };
}

/**
 * The overdue notice scheduled for `at` to one loaded obligation, under its business key
 * (emailKey('overdue', obligation, at)): the one path of the per-unit sendOverdueNotice and of the wave.
 */
export function sendUnitOverdueNotice(deps: ActivityDeps, o: LoadedObligation, at: Date): Promise<NoticeOutcome> {
  return noticeWithLink(deps, o, at, 'overdue', (o, at, link) =>
    renderOverdue({
      unitName: o.unit.name,
      cycleTitle: o.cycle.title,
      lastDay: lastDayOfDue(o.dueAt),
      daysOverdue: daysOverdue(lastDayOfDue(o.dueAt), at),
      escalationDate: escalationDayOf(o),
      link,
      office: officeOf(o.cycle.plan),
    }),
  );
}

export function unitNoticeActivities(deps: ActivityDeps) {
  const { prisma } = deps;

  return {
    async sendReminder(req: NoticeRequest): Promise<NoticeOutcome> {
      return sendUnitReminder(deps, await loadObligation(prisma, req.obligationId), new Date(req.scheduledFor));
    },

    /** Marks the obligation overdue unless a report arrived (markUnitOverdue). */
    async markOverdue(req: { obligationId: string }): Promise<OverdueMark> {
      return markUnitOverdue(prisma, req.obligationId);
    },

    async sendOverdueNotice(req: NoticeRequest): Promise<NoticeOutcome> {
      return sendUnitOverdueNotice(deps, await loadObligation(prisma, req.obligationId), new Date(req.scheduledFor));
    },

    /**
     * The office's decisions, recorded by the obligation workflow when it accepts them: the status,
     * and the decision with its reason and who decided (ObligationDecision). The decision's id is
     * derived from the decision, so a retried activity writes one row.
     */
    async recordExtension(req: { obligationId: string; dueAt: string; reason: string; by: string }): Promise<void> {
      const dueAt = new Date(req.dueAt);
      await prisma.$transaction([
        markExtended(prisma, req.obligationId, dueAt),
        prisma.obligationDecision.upsert({
          where: { id: `extend:${req.obligationId}:${dueAt.toISOString()}` },
          create: { id: `extend:${req.obligationId}:${dueAt.toISOString()}`, obligationId: req.obligationId, kind: 'extend', reason: req.reason, by: req.by, at: new Date(), dueAt },
          update: {},
        }),
      ]);
    },

    async recordExemption(req: { obligationId: string; reason: string; by: string }): Promise<void> {
      await prisma.$transaction([
        markExempted(prisma, req.obligationId),
        prisma.obligationDecision.upsert({
          where: { id: `exempt:${req.obligationId}` },
          create: { id: `exempt:${req.obligationId}`, obligationId: req.obligationId, kind: 'exempt', reason: req.reason, by: req.by, at: new Date() },
          update: {},
        }),
      ]);
    },

    async sendReceipt(req: { submissionId: string }): Promise<SendOutcome> {
      const s = await prisma.submission.findUniqueOrThrow({ where: { id: req.submissionId } });
      const o = await loadObligation(prisma, s.obligationId);
      const email = renderReceipt({
        unitName: o.unit.name,
        cycleTitle: o.cycle.title,
        lastDay: lastDayOfDue(o.dueAt),
        receivedAt: s.receivedAt,
        onTime: s.onTime,
        submissionId: s.id,
        checksum: s.checksum,
        nothingToReport: s.kind === 'nothing',
        file: s.fileName ? { name: s.fileName, size: formatSize(s.fileSize ?? 0) } : undefined,
        figures: figureRows(readCycleFigures(o.cycle.figures, o.cycleId), readSubmissionFigures(s.figures, s.id)),
        office: officeOf(o.cycle.plan),
      });
      return sendOnce(deps, { ...toUnit(o, 'receipt', emailKey('receipt', s.id, s.receivedAt)), email });
    },
  };
}
