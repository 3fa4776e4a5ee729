// Issue 15, the design the lead chose: each wave of a cycle (the reminders due at one instant; later the
// overdue marks and notices at a deadline) is sent by ONE activity of the cycle instead of one workflow
// task per unit. It pages the cycle's pending obligations from the database in id order, decides per
// row what is due at the wave's instant (domain/reminder-wave.ts), and sends through the per-unit
// reminder's own path (unit-notices.ts sendUnitReminder: sendOnce and the mail gate, under the same
// business key EmailMessage.key), heartbeating its cursor after each page so that a retry resumes
// there and never sends twice (a mail of the page being sent when it died is "already-sent" on retry,
// or, in the gate's window, sent again with the same Message-ID: the bound of mail-gate.ts).
// Per-unit workflows will later be woken only by what is particular to a unit; no workflow calls this
// activity yet (a new cycle workflow type will, at each distinct reminder instant).
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
import { reminderAt } from '../domain/reminder-wave.ts';
import { PENDING_STATUSES, type ObligationStatus } from '../domain/statuses.ts';
import { MAIL_REJECTED } from '../workflows/failure-types.ts';
import type { ActivityDeps } from './deps.ts';
import { MAILS_IN_FLIGHT } from './mail-gate.ts';
import { storedPlan } from './stored-plan.ts';
import { sendUnitReminder, type LoadedObligation } from './unit-notices.ts';

export const WAVE_PAGE = 500;
/**
 * Rows prepared at once: twice the gate's permits, so that the database work of the next mails
 * (link, email row) overlaps the SMTP conversations of the others; the gate still bounds the mails
 * in flight, and the rows waiting at it stay few.
 */
const WAVE_CONCURRENCY = 2 * MAILS_IN_FLIGHT;

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

export function reminderWaveActivities(deps: ActivityDeps, o: { page?: number } = {}) {
  const { prisma } = deps;
  const page = o.page ?? WAVE_PAGE;
  return {
    /** Every reminder of the cycle due at `at` (ISO), from the heartbeat cursor on; see the header. */
    async sendReminderWave(raw: ReminderWaveRequest): Promise<ReminderWaveResult> {
      const req = WaveRequest.parse(raw);
      const t = Date.parse(req.at);
      const ctx = Context.current();
      const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: req.cycleId }, include: { plan: true } });
      const timeline = readCycleTimeline(cycle.timeline, cycle.id);
      const cycleReminders = timeline.reminders.map((r) => r.at.getTime());
      const forms = await cycleForms(prisma, cycle.id);
      const ownSchedules = new Map<number, number[]>(); // by dueAt: units extended to one day share it
      const remindersFor = (dueAt: Date): number[] => {
        if (dueAt.getTime() === timeline.dueAt.getTime()) return cycleReminders;
        let s = ownSchedules.get(dueAt.getTime());
        if (!s) {
          const plan = storedPlan(cycle.plan);
          const def = plan?.cycles.find((c) => c.key === cycle.key) ?? readCycleRequest(cycle.request, cycle.id)?.cycle;
          // A stored plan validated when it was loaded; should it not now, the wave cannot know this unit's dates.
          if (!plan || !def) throw ApplicationFailure.nonRetryable(`cycle ${cycle.id}: stored plan no longer gives its definition`, 'StoredPlanInvalid');
          s = extensionSchedule(def, plan.reminders, lastDayOfDue(dueAt)).remindersAt.map((d) => d.getTime());
          ownSchedules.set(dueAt.getTime(), s);
        }
        return s;
      };

      const result: ReminderWaveResult = { sent: 0, alreadySent: 0, skipped: 0, rejected: 0 };
      let cursor = (ctx.info.heartbeatDetails as string | undefined) ?? '';
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
          prisma.emailMessage.findMany({ where: { obligationId: { in: ids }, kind: 'reminder', status: 'sent' }, select: { obligationId: true, scheduledFor: true } }),
          prisma.obligationDecision.findMany({ where: { obligationId: { in: ids }, kind: { in: ['extend', 'return'] } }, select: { obligationId: true, at: true } }),
        ]);
        const sent = new Map<string, Set<number>>();
        for (const e of sentRows) if (e.obligationId && e.scheduledFor) (sent.get(e.obligationId) ?? sent.set(e.obligationId, new Set()).get(e.obligationId)!).add(e.scheduledFor.getTime());
        const since = new Map<string, number>();
        for (const d of decisions) since.set(d.obligationId, Math.max(since.get(d.obligationId) ?? 0, d.at.getTime()));

        await forEachLimited(rows, WAVE_CONCURRENCY, async (row) => {
          const d = reminderAt(
            { status: row.status as ObligationStatus, dueAt: row.dueAt.getTime(), remindersAt: remindersFor(row.dueAt), scheduleSince: since.get(row.id), sent: sent.get(row.id) ?? new Set() },
            t,
          );
          if (d.kind === 'skip') return void result.skipped++;
          if (d.kind === 'already-sent') return void result.alreadySent++;
          // The status read again just before the send, as the per-unit path reads it: a report that
          // came in while this page was being sent stops its reminder.
          const now = await prisma.obligation.findUnique({ where: { id: row.id }, select: { status: true } });
          if (!now) return void result.skipped++; // the plan was re-imported without the unit
          const loaded: LoadedObligation = { ...row, status: now.status, cycle };
          try {
            const outcome = await sendUnitReminder(deps, loaded, new Date(d.scheduledFor), forms);
            if (outcome === 'sent') result.sent++;
            else if (outcome === 'already-sent') result.alreadySent++;
            else result.skipped++; // reported since the page was read
          } catch (err) {
            // One unit's bad address must not stop the wave (the per-unit workflow logs it and goes on).
            if (err instanceof ApplicationFailure && err.type === MAIL_REJECTED) return void result.rejected++;
            throw err; // temporary (SMTP or database down): the activity is retried from the cursor
          }
        });
        cursor = rows[rows.length - 1]!.id;
        ctx.heartbeat(cursor);
      }
      return result;
    },
  };
}
