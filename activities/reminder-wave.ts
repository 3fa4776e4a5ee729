// Issue 15, the design the lead chose: each wave of a cycle (the reminders due at one instant; later the
// overdue marks and notices at a deadline) is sent by ONE activity of the cycle instead of one workflow
// task per unit. It pages the cycle's pending obligations from the database in id order, decides per
// row what is due at the wave's instant (domain/reminder-wave.ts), and sends through the per-unit
// reminder's own path (unit-notices.ts sendUnitReminder: sendOnce and the mail gate, under the same
// business key EmailMessage.key), heartbeating its cursor after each page so that a retry resumes
// there and never sends twice (a mail of the page being sent when it died is "already-sent" on retry,
// or, in the gate's window, sent again with the same Message-ID: the bound of mail-gate.ts).
// runWave is the whole wave of a cycle of the waves design (workflows/wave-cycle.ts calls it at each
// wave instant): per row, the overdue mark and notice when its own deadline or notice instant has come
// (domain/overdue-wave.ts, through unit-notices.ts markUnitOverdue and sendUnitOverdueNotice, the
// per-unit path's writes and keys), else its reminder. sendReminderWave is the same pass, reminders only.
// A unit's schedule is the one the database implies: the cycle's, or, when its deadline was moved (an
// extension, a return for revision), the plan's reminder policy applied to its own last day (as the
// office's action computed it, temporal/office-actions.ts), from the moment that decision was recorded.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { cycleForms } from '../db/report-forms.ts';
import { readCycleRequest, readCycleTimeline } from '../db/stored-json.ts';
import { lastDayOfDue } from '../domain/calendar.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import { extensionSchedule } from '../domain/extension.ts';
import { overdueAt } from '../domain/overdue-wave.ts';
import { reminderAt } from '../domain/reminder-wave.ts';
import { PENDING_STATUSES, type ObligationStatus } from '../domain/statuses.ts';
import type { WaveResult, WaveSends } from '../workflows/contract.ts';
import { MAIL_REJECTED } from '../workflows/failure-types.ts';
import type { ActivityDeps } from './deps.ts';
import { MAILS_IN_FLIGHT } from './mail-gate.ts';
import { storedPlan } from './stored-plan.ts';
import { deliverStoredReports } from './wave-deliveries.ts';
import { markUnitOverdue, sendUnitOverdueNotice, sendUnitReminder, type LoadedObligation, type NoticeOutcome } from './unit-notices.ts';

export const WAVE_PAGE = 500;
/** How often a wave heartbeats while it sends a page (workflows/wave-cycle.ts's heartbeatTimeout is a few times this). */
export const WAVE_HEARTBEAT_MS = 5_000;
/**
 * Rows prepared at once: twice the gate's permits, so that the database work of the next mails
 * (link, email row) overlaps the SMTP conversations of the others; the gate still bounds the mails
 * in flight, and the rows waiting at it stay few.
 */
const waveConcurrency = (deps: ActivityDeps) => 2 * (deps.mailGate?.permits ?? MAILS_IN_FLIGHT);

const WaveRequest = z.object({ cycleId: z.string().min(1), at: z.iso.datetime({ offset: true }) });
export type ReminderWaveRequest = z.infer<typeof WaveRequest>;

export interface ReminderWaveResult {
  /** Reminders this attempt handed to the SMTP server and recorded as sent. */
  sent: number;
  /** Rows whose reminder due now had gone out before (an earlier wave, a per-unit workflow, a retry). */
  alreadySent: number;
  /** Rows with nothing due at the instant (their own later schedule, past their deadline, reported meanwhile). */
  skipped: number;
  /** Rows whose mail the SMTP server refused for good (550): recorded "rejected", the wave goes on. */
  rejected: number;
}

export type { WaveResult, WaveSends } from '../workflows/contract.ts';

const noSends = (): WaveSends => ({ sent: 0, alreadySent: 0, rejected: 0 });

export function reminderWaveActivities(deps: ActivityDeps, o: { page?: number; heartbeatMs?: number } = {}) {
  const { prisma } = deps;
  const page = o.page ?? WAVE_PAGE;
  const heartbeatMs = o.heartbeatMs ?? WAVE_HEARTBEAT_MS;
  const concurrency = waveConcurrency(deps);

  /** One pass over the cycle's pending obligations at `at`, from the heartbeat cursor on; see the header. */
  async function wave(raw: ReminderWaveRequest, overdue: boolean): Promise<WaveResult> {
    const req = WaveRequest.parse(raw);
    const ctx = Context.current();
    // Decided at the later of the wave's instant and when the cycle asked for it (the server's clock, the
    // same for every retry): a wave run late (a cycle opened after its dates, a worker down for a day)
    // decides as a per-unit workflow waking late does, so missed reminders collapse into the latest one
    // and nothing but the overdue mark and notice goes out after a deadline.
    const t = Math.max(Date.parse(req.at), ctx.info.scheduledTimestampMs);
    const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: req.cycleId }, include: { plan: true } });
    const timeline = readCycleTimeline(cycle.timeline, cycle.id);
    const cycleSchedule = { remindersAt: timeline.reminders.map((r) => r.at.getTime()), overdueAt: timeline.overdueAt.getTime() };
    const forms = await cycleForms(prisma, cycle.id);
    const ownSchedules = new Map<number, typeof cycleSchedule>(); // by dueAt: units extended to one day share it
    const scheduleFor = (dueAt: Date): typeof cycleSchedule => {
      if (dueAt.getTime() === timeline.dueAt.getTime()) return cycleSchedule;
      let s = ownSchedules.get(dueAt.getTime());
      if (!s) {
        const plan = storedPlan(cycle.plan);
        const def = plan?.cycles.find((c) => c.key === cycle.key) ?? readCycleRequest(cycle.request, cycle.id)?.cycle;
        // A stored plan validated when it was loaded; should it not now, the wave cannot know this unit's dates.
        if (!plan || !def) throw ApplicationFailure.nonRetryable(`cycle ${cycle.id}: stored plan no longer gives its definition`, 'StoredPlanInvalid');
        const x = extensionSchedule(def, plan.reminders, lastDayOfDue(dueAt));
        s = { remindersAt: x.remindersAt.map((d) => d.getTime()), overdueAt: x.overdueAt.getTime() };
        ownSchedules.set(dueAt.getTime(), s);
      }
      return s;
    };

    const result: WaveResult = { reminders: noSends(), marked: 0, notices: noSends(), skipped: 0 };
    /** Sends one email through the per-unit path, counting its outcome; one unit's 550 does not stop the wave. */
    const count = async (into: WaveSends, send: () => Promise<NoticeOutcome>): Promise<void> => {
      try {
        const outcome = await send();
        if (outcome === 'sent') into.sent++;
        else if (outcome === 'already-sent') into.alreadySent++;
        else result.skipped++; // reported since the page was read
      } catch (err) {
        if (err instanceof ApplicationFailure && err.type === MAIL_REJECTED) return void into.rejected++;
        throw err; // temporary (SMTP or database down): the activity is retried from the cursor
      }
    };
    /** The status read again just before a send, as the per-unit path reads it (a report that came in stops it). */
    const fresh = async (row: Omit<LoadedObligation, 'cycle'>): Promise<LoadedObligation | undefined> => {
      const now = await prisma.obligation.findUnique({ where: { id: row.id }, select: { status: true } });
      return now ? { ...row, status: now.status, cycle } : undefined; // undefined: re-imported without the unit
    };

    let cursor = (ctx.info.heartbeatDetails as string | undefined) ?? '';
    // Alive while a page is being sent too, with the page's resume point (the cursor before it): the
    // workflow's heartbeat timeout can then be short, so a killed worker's wave is taken up by another
    // within seconds instead of after one page's worth of mail.
    const alive = setInterval(() => ctx.heartbeat(cursor), heartbeatMs);
    try {
      await pages();
    } finally {
      clearInterval(alive);
    }
    return result;

    async function pages(): Promise<void> {
      for (;;) {
        const rows = await prisma.obligation.findMany({
          where: { cycleId: cycle.id, status: { in: PENDING_STATUSES }, id: { gt: cursor } },
          orderBy: { id: 'asc' },
          take: page,
          include: { unit: { include: { contacts: true } } },
        });
        if (rows.length === 0) break;
        const ids = rows.map((r) => r.id);
        // What the database says was sent, and when an own schedule was given: two queries per page.
        const [sentRows, decisions] = await Promise.all([
          prisma.emailMessage.findMany({ where: { obligationId: { in: ids }, kind: { in: ['reminder', 'overdue'] }, status: 'sent' }, select: { obligationId: true, kind: true, scheduledFor: true } }),
          prisma.obligationDecision.findMany({ where: { obligationId: { in: ids }, kind: { in: ['extend', 'return'] } }, select: { obligationId: true, at: true } }),
        ]);
        const sent = { reminder: new Map<string, Set<number>>(), overdue: new Map<string, Set<number>>() };
        for (const e of sentRows) {
          const by = e.kind === 'overdue' ? sent.overdue : sent.reminder;
          if (e.obligationId && e.scheduledFor) (by.get(e.obligationId) ?? by.set(e.obligationId, new Set()).get(e.obligationId)!).add(e.scheduledFor.getTime());
        }
        const since = new Map<string, number>();
        for (const d of decisions) since.set(d.obligationId, Math.max(since.get(d.obligationId) ?? 0, d.at.getTime()));

        await forEachLimited(rows, concurrency, async (row) => {
          const status = row.status as ObligationStatus;
          const own = scheduleFor(row.dueAt);
          const od = overdue ? overdueAt({ status, dueAt: row.dueAt.getTime(), overdueAt: own.overdueAt, noticesSent: sent.overdue.get(row.id) ?? new Set() }, t) : undefined;
          if (od && (od.mark || od.notice.kind !== 'none')) {
            // The per-unit order: the mark first; a report the database holds meanwhile stops both.
            if (od.mark && (await markUnitOverdue(prisma, row.id)).overdue) result.marked++;
            if (od.notice.kind === 'already-sent') return void result.notices.alreadySent++;
            if (od.notice.kind === 'none') return;
            const at = new Date(od.notice.scheduledFor);
            const loaded = await fresh(row);
            if (!loaded) return void result.skipped++;
            return count(result.notices, () => sendUnitOverdueNotice(deps, loaded, at));
          }
          const d = reminderAt({ status, dueAt: row.dueAt.getTime(), remindersAt: own.remindersAt, scheduleSince: since.get(row.id), sent: sent.reminder.get(row.id) ?? new Set() }, t);
          if (d.kind === 'skip') return void result.skipped++;
          if (d.kind === 'already-sent') return void result.reminders.alreadySent++;
          const loaded = await fresh(row);
          if (!loaded) return void result.skipped++;
          return count(result.reminders, () => sendUnitReminder(deps, loaded, new Date(d.scheduledFor), forms));
        });
        cursor = rows[rows.length - 1]!.id;
        ctx.heartbeat(cursor);
      }
    }
  }

  return {
    /** Every reminder of the cycle due at `at` (ISO), from the heartbeat cursor on; see the header. */
    async sendReminderWave(raw: ReminderWaveRequest): Promise<ReminderWaveResult> {
      const r = await wave(raw, false);
      return { sent: r.reminders.sent, alreadySent: r.reminders.alreadySent, skipped: r.skipped, rejected: r.reminders.rejected };
    },

    /** The whole wave of a waves cycle at `at` (ISO): per row its overdue mark and notice, else its reminder. */
    async runWave(raw: ReminderWaveRequest): Promise<WaveResult> {
      // First the reports the database holds but their units' workflows never heard of (their receipts).
      await deliverStoredReports(deps, WaveRequest.parse(raw).cycleId);
      return wave(raw, true);
    },
  };
}
