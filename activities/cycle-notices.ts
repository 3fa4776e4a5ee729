// Activities that act on a whole cycle: the escalation digest to the standing committee and the close.
// They read the database (the record of who reported), never a workflow's memory, so one digest can
// name every overdue unit however many there are.
import { daysOverdue, lastDayOfDue, localDateAt } from '../domain/calendar.ts';
import { addressesOf, formatContactList } from '../domain/contacts.ts';
import { emailKey } from '../domain/ids.ts';
import { ANSWERED_STATUSES, PENDING_STATUSES } from '../domain/statuses.ts';
import { renderEscalation } from '../templates/escalation.ts';
import { renderSummary } from '../templates/summary.ts';
import type { ActivityDeps } from './deps.ts';
import { officeOf } from './obligation-context.ts';
import { readPlanCommittee } from '../db/stored-json.ts';
import type { CycleSummary, EscalationOutcome } from '../workflows/contract.ts';
import { alreadySent, sendOnce } from './send-once.ts';
import { cycleCounts } from '../db/cycle-stats.ts';
import { markEscalated, markMissingAtClose } from '../db/obligation-status.ts';

export function cycleNoticeActivities(deps: ActivityDeps) {
  const { prisma } = deps;

  return {
    async sendEscalation(req: { cycleId: string; scheduledFor: string }): Promise<EscalationOutcome> {
      const at = new Date(req.scheduledFor);
      const cycle = await prisma.cycle.findUniqueOrThrow({ where: { id: req.cycleId }, include: { plan: true } });
      // Every unit still owing a report whose deadline has passed, whether or not its own workflow
      // has marked it overdue yet (it may have been down, or the plan loaded late).
      const overdue = await prisma.obligation.findMany({
        where: { cycleId: cycle.id, status: { in: PENDING_STATUSES }, dueAt: { lt: at } },
        include: { unit: { include: { contacts: true } }, _count: { select: { emails: { where: { kind: 'reminder', status: 'sent' } } } } },
        orderBy: { unit: { name: 'asc' } },
      });
      if (overdue.length === 0) return { outcome: 'nothing-overdue', overdueUnits: 0 };
      const expected = await prisma.obligation.count({ where: { cycleId: cycle.id, status: { not: 'exempted' } } });
      const submitted = await prisma.obligation.count({ where: { cycleId: cycle.id, status: { in: ANSWERED_STATUSES } } });
      const committee = readPlanCommittee(cycle.plan.committee, cycle.planId);
      const email = renderEscalation({
        cycleTitle: cycle.title,
        planTitle: cycle.plan.title,
        lastDay: cycle.lastDay,
        asOf: localDateAt(at),
        expected,
        submitted,
        overdue: overdue.map((o) => ({
          unitName: o.unit.name,
          daysOverdue: daysOverdue(lastDayOfDue(o.dueAt), at),
          remindersSent: o._count.emails,
          contacts: formatContactList(o.unit.contacts),
        })),
        office: officeOf(cycle.plan),
      });
      const outcome = await sendOnce(deps, {
        key: emailKey('escalation', cycle.id, at),
        kind: 'escalation',
        to: addressesOf(committee),
        replyTo: officeOf(cycle.plan).email,
        cycleId: cycle.id,
        scheduledFor: at,
        email,
      });
      await markEscalated(prisma, overdue.map((o) => o.id));
      return { outcome, overdueUnits: overdue.length };
    },

    async closeCycle(req: { cycleId: string; closedAt: string }): Promise<CycleSummary> {
      await markMissingAtClose(prisma, req.cycleId);
      const c = await cycleCounts(prisma, req.cycleId);
      const { expected } = c;
      const exempted = c.byStatus.exempted;
      const onTime = c.byStatus.submitted_on_time;
      const late = c.byStatus.submitted_late;
      const nothingToReport = c.byStatus.nothing_to_report;
      const summary: CycleSummary = {
        expected,
        submitted: onTime + late,
        onTime,
        late,
        nothingToReport,
        missing: c.byStatus.missing,
        exempted,
        reportingRate: c.reportingRate,
        onTimeRate: c.onTimeRate,
        closedAt: req.closedAt,
      };
      const cycle = await prisma.cycle.update({ where: { id: req.cycleId }, data: { status: 'closed', summary: { ...summary } }, include: { plan: true } });
      const office = officeOf(cycle.plan);
      const key = emailKey('summary', cycle.id, req.closedAt.slice(0, 10));
      // The missing units are read only for a summary still to send (a retried close reads nothing more).
      if (!(await alreadySent(prisma, key))) {
        const missing = await prisma.obligation.findMany({ where: { cycleId: cycle.id, status: 'missing' }, include: { unit: { include: { contacts: true } } }, orderBy: { unit: { name: 'asc' } } });
        const email = renderSummary({
          cycleTitle: cycle.title,
          planTitle: cycle.plan.title,
          lastDay: cycle.lastDay,
          expected,
          onTime,
          late,
          nothingToReport,
          reported: summary.reportingRate.numerator,
          reportedOnTime: summary.onTimeRate.numerator,
          exempted,
          missing: missing.map((o) => ({ unitName: o.unit.name, contacts: formatContactList(o.unit.contacts) })),
          office,
        });
        await sendOnce(deps, { key, kind: 'summary', to: [office.email], replyTo: office.email, cycleId: cycle.id, email });
      }
      return summary;
    },
  };
}
