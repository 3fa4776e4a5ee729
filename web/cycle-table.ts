// The read model of one cycle, shared by the exports, the committee's list and the rates chart: one row
// per obligation and the cycle's two rates. Built for 20,000 obligations: a fixed handful of queries
// (obligations, the plan's units and contacts, one groupBy of sent reminders), only the columns used,
// joined in memory; never a query per row.
import { z } from 'zod';
import type { PrismaClient } from '../db/client.ts';
import { daysOverdue, lastDayOfDue, type LocalDate } from '../domain/calendar.ts';
import type { Contact } from '../domain/contacts.ts';
import { slug } from '../domain/plan-fields.ts';
import { PENDING_STATUSES, STATUS_LABELS, type ObligationStatus } from '../domain/statuses.ts';
import { cycleCounts, type Rate } from '../db/cycle-stats.ts';
import type { StoredJson } from '../db/stored-json.ts';

/** Route params naming a cycle: plan and cycle keys are slugs, so anything else is unknown at once. */
export const CycleParams = z.object({ planId: slug, cycleKey: slug });
export const PlanParams = z.object({ planId: slug });

export interface CycleHead {
  id: string;
  key: string;
  title: string;
  lastDay: LocalDate;
  dueAt: Date;
  opensAt: Date;
  status: string;
  summary: StoredJson; // read with db/stored-json.ts
  plan: { id: string; title: string; province: string; office: StoredJson; committee: StoredJson };
}

const HEAD_SELECT = {
  id: true,
  key: true,
  title: true,
  lastDay: true,
  dueAt: true,
  opensAt: true,
  status: true,
  summary: true,
  plan: { select: { id: true, title: true, province: true, office: true, committee: true } },
} as const;

/** The cycle named by untrusted route params, or null (bad or unknown params alike). */
export async function findCycle(prisma: PrismaClient, params: unknown): Promise<CycleHead | null> {
  const p = CycleParams.safeParse(params);
  if (!p.success) return null;
  return prisma.cycle.findUnique({ where: { planId_key: { planId: p.data.planId, key: p.data.cycleKey } }, select: HEAD_SELECT });
}

type ObligationWhere = NonNullable<NonNullable<Parameters<PrismaClient['obligation']['findMany']>[0]>['where']>;

export interface CycleRow {
  obligationId: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  unitKind: string;
  status: string;
  statusLabel: { vi: string; en: string };
  /** The unit's own last day (an extension moves it), yyyy-mm-dd in Vietnam time. */
  lastDay: LocalDate;
  dueAt: Date;
  submittedAt: Date | null;
  remindersSent: number;
  /** 0 unless the unit still owes the report and its deadline has passed. */
  daysOverdue: number;
  contacts: Contact[];
}

export function statusLabel(status: string): { vi: string; en: string } {
  return STATUS_LABELS[status as ObligationStatus] ?? { vi: status, en: status };
}

const OWING = new Set<string>(PENDING_STATUSES);

const collator = new Intl.Collator('vi');

/**
 * The cycle's rows, sorted by unit name (Vietnamese collation). `where` narrows the obligations
 * (the committee's list asks for the overdue ones only); units and contacts are read per plan.
 */
export async function cycleRows(
  prisma: PrismaClient,
  cycle: { id: string; plan: { id: string } },
  now: Date,
  where: ObligationWhere = {},
): Promise<CycleRow[]> {
  const obligations = await prisma.obligation.findMany({
    where: { cycleId: cycle.id, ...where },
    select: { id: true, unitId: true, status: true, dueAt: true, submittedAt: true },
  });
  if (obligations.length === 0) return [];
  const [units, contacts, reminders] = await Promise.all([
    prisma.unit.findMany({ where: { planId: cycle.plan.id }, select: { id: true, code: true, name: true, kind: true } }),
    prisma.contact.findMany({ where: { unit: { planId: cycle.plan.id } }, select: { unitId: true, name: true, email: true } }),
    prisma.emailMessage.groupBy({
      by: ['obligationId'],
      where: { kind: 'reminder', status: 'sent', obligation: { is: { cycleId: cycle.id } } },
      _count: { _all: true },
    }),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const contactsByUnit = new Map<string, Contact[]>();
  for (const c of contacts) {
    const list = contactsByUnit.get(c.unitId) ?? [];
    list.push({ name: c.name, email: c.email });
    contactsByUnit.set(c.unitId, list);
  }
  const remindersBy = new Map(reminders.map((r) => [r.obligationId, r._count._all]));
  // Calendar arithmetic (luxon) costs tens of microseconds a call; nearly every obligation shares the
  // cycle's deadline, so each distinct deadline is worked out once.
  const lastDays = new Map<number, LocalDate>();
  const lateDays = new Map<LocalDate, number>();
  const rows = obligations.map((o): CycleRow => {
    const u = unitById.get(o.unitId);
    let lastDay = lastDays.get(o.dueAt.getTime());
    if (lastDay === undefined) lastDays.set(o.dueAt.getTime(), (lastDay = lastDayOfDue(o.dueAt)));
    const owing = OWING.has(o.status) && now >= o.dueAt;
    let late = owing ? lateDays.get(lastDay) : 0;
    if (late === undefined) lateDays.set(lastDay, (late = daysOverdue(lastDay, now)));
    return {
      obligationId: o.id,
      unitId: o.unitId,
      unitCode: u?.code ?? '',
      unitName: u?.name ?? '',
      unitKind: u?.kind ?? '',
      status: o.status,
      statusLabel: statusLabel(o.status),
      lastDay,
      dueAt: o.dueAt,
      submittedAt: o.submittedAt,
      remindersSent: remindersBy.get(o.id) ?? 0,
      daysOverdue: late,
      contacts: contactsByUnit.get(o.unitId) ?? [],
    };
  });
  return rows.sort((a, b) => collator.compare(a.unitName, b.unitName) || a.unitCode.localeCompare(b.unitCode));
}

export type { Rate } from '../db/cycle-stats.ts';

export interface CycleRates {
  expected: number;
  exempted: number;
  /** Reported: submitted on time + submitted late + nothing to report. */
  reportingRate: Rate;
  /** On time: submitted on time + nothing to report confirmed before its deadline. */
  onTimeRate: Rate;
}

/** The rates as the close counts them (db/cycle-stats.ts, the one definition), from the database as it is now. */
export async function cycleRates(prisma: PrismaClient, cycleId: string): Promise<CycleRates> {
  const c = await cycleCounts(prisma, cycleId);
  return { expected: c.expected, exempted: c.byStatus.exempted, reportingRate: c.reportingRate, onTimeRate: c.onTimeRate };
}

/** A rate in percent with one decimal, or null when nothing was expected. */
export function percent(r: Rate): number | null {
  return r.denominator === 0 ? null : Math.round((1000 * r.numerator) / r.denominator) / 10;
}
