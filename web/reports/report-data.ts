// What the compiled report, the dispatch and the memo print, read from the database for one cycle: the
// rates (db/cycle-stats.ts, the one definition), each unit's latest report with its files and the text
// read from them, the units still owing or late (the committee's escalation list), the plan's office
// and committee. The indicator and task rows come from their own parts (db/indicator-rows.ts and
// db/task-rows.ts, issue 14 §1 and §2) through `rows`; until they are wired the route passes [].
import fs from 'node:fs/promises';
import type { PrismaClient } from '../../db/client.ts';
import { readPlanCommittee, readPlanOffice } from '../../db/stored-json.ts';
import { localDateAt, type LocalDate } from '../../domain/calendar.ts';
import type { IndicatorRow, TaskRow } from '../../domain/report-rows.ts';
import { PENDING_STATUSES } from '../../domain/statuses.ts';
import type { ChasingInput, MemoInput } from '../../reports/dispatch.ts';
import { canExtract, extractReportText } from '../../reports/extract-text.ts';
import type { ObjectiveHead, OfficeSections, ProvinceReport, UnitReport } from '../../reports/province-report.ts';
import { withEditedTexts } from '../../reports/unit-texts.ts';
import { escalationList, historyText } from '../committee/escalation-list.ts';
import { cycleRates, cycleRows, type CycleHead } from '../cycle-table.ts';
import { blobPath } from '../uploads/store.ts';

export interface ReportRows {
  indicators: IndicatorRow[];
  tasks: TaskRow[];
}

export const NO_ROWS: ReportRows = { indicators: [], tasks: [] };

/** A file larger than this is linked, not read: the draft is made while the office waits. */
const EXTRACT_MAX_BYTES = 10 * 1024 * 1024;

async function fileText(uploadsDir: string, sha256: string, type: string | null): Promise<string | undefined> {
  if (!canExtract(type)) return undefined;
  const file = blobPath(uploadsDir, sha256);
  if (!file) return undefined;
  try {
    const stat = await fs.stat(file);
    if (stat.size > EXTRACT_MAX_BYTES) return undefined;
    return (await extractReportText(await fs.readFile(file), type)) ?? undefined;
  } catch {
    return undefined; // a file missing from the store: its link answers 404 on its own
  }
}

async function rates(prisma: PrismaClient, cycleId: string) {
  const r = await cycleRates(prisma, cycleId);
  return { expected: r.expected, exempted: r.exempted, reporting: r.reportingRate, onTime: r.onTimeRate };
}

function docHead(cycle: CycleHead, now: Date) {
  const office = readPlanOffice(cycle.plan.office, cycle.plan.id);
  return { issuer: office.name, province: cycle.plan.province, date: localDateAt(now) };
}

/**
 * The plan's objectives, and for each unit code the objectives it leads: an objective's lead, and the
 * objective of every indicator it leads (the stored lead is the indicator's own, else its objective's).
 */
async function objectiveLeads(prisma: PrismaClient, planId: string): Promise<{ objectives: ObjectiveHead[]; leads: Map<string, number[]> }> {
  const [objectives, indicators] = await Promise.all([
    prisma.objective.findMany({ where: { planId }, select: { number: true, text: true, leadCode: true }, orderBy: { number: 'asc' } }),
    prisma.indicator.findMany({ where: { planId, leadCode: { not: null } }, select: { objectiveNumber: true, leadCode: true } }),
  ]);
  const sets = new Map<string, Set<number>>();
  const add = (code: string | null, n: number) => {
    if (code) sets.set(code, (sets.get(code) ?? new Set()).add(n));
  };
  for (const o of objectives) add(o.leadCode, o.number);
  for (const i of indicators) add(i.leadCode, i.objectiveNumber);
  const leads = new Map([...sets].map(([code, ns]) => [code, [...ns].sort((a, b) => a - b)]));
  return { objectives: objectives.map((o) => ({ number: o.number, text: o.text })), leads };
}

/**
 * The units that reported (or said they had nothing to), each with its latest submission's text, files
 * and the text read from them, as they sent it: the report page offers these texts for the office to
 * edit, and the report prints them where the office did not. Also the cycle's rows and the objectives.
 */
export async function reportingUnits(prisma: PrismaClient, uploadsDir: string, cycle: CycleHead, now: Date, baseUrl: string) {
  const all = await cycleRows(prisma, cycle, now);
  const latest = await prisma.submission.findMany({
    where: { obligation: { is: { cycleId: cycle.id } } },
    orderBy: { receivedAt: 'desc' },
    select: { id: true, obligationId: true, receivedAt: true, onTime: true, kind: true, comment: true, fileSha256: true, fileName: true, fileType: true },
  });
  // Each unit's latest version: what the office would read on the unit's page.
  const byObligation = new Map<string, (typeof latest)[number]>();
  for (const s of latest) if (!byObligation.has(s.obligationId)) byObligation.set(s.obligationId, s);
  const { objectives, leads } = await objectiveLeads(prisma, cycle.plan.id);
  const units: UnitReport[] = [];
  for (const r of all) {
    const s = byObligation.get(r.obligationId);
    if (!s || !['submitted_on_time', 'submitted_late', 'nothing_to_report'].includes(r.status)) continue;
    const files = s.fileSha256
      ? [{ name: s.fileName ?? 'tep-bao-cao', url: `${baseUrl}/cycles/${cycle.plan.id}/${cycle.key}/units/${r.unitCode}/submissions/${s.id}/file`, text: await fileText(uploadsDir, s.fileSha256, s.fileType) }]
      : [];
    units.push({ unitCode: r.unitCode, unitName: r.unitName, submissionId: s.id, receivedAt: s.receivedAt, onTime: s.onTime, kind: s.kind === 'nothing' ? 'nothing' : 'report', comment: s.comment ?? '', files, objectives: leads.get(r.unitCode) ?? [] });
  }
  return { all, units, objectives };
}

export async function provinceReport(prisma: PrismaClient, uploadsDir: string, cycle: CycleHead, now: Date, sections: OfficeSections, baseUrl: string, rows: ReportRows): Promise<ProvinceReport> {
  const { all, units, objectives } = await reportingUnits(prisma, uploadsDir, cycle, now, baseUrl);
  const owing = new Set<string>(PENDING_STATUSES);
  const missing = all
    .filter((r) => owing.has(r.status) || r.status === 'missing' || r.status === 'returned')
    .map((r) => ({ unitName: r.unitName, lastDay: r.lastDay, daysOverdue: r.daysOverdue, status: r.statusLabel.vi }));
  const late = all.filter((r) => r.status === 'submitted_late').map((r) => ({ unitName: r.unitName, lastDay: r.lastDay, receivedAt: r.submittedAt ?? now }));
  const committee = readPlanCommittee(cycle.plan.committee, cycle.plan.id);
  return {
    head: docHead(cycle, now),
    planTitle: cycle.plan.title,
    cycleTitle: cycle.title,
    rates: await rates(prisma, cycle.id),
    indicators: rows.indicators,
    tasks: rows.tasks,
    objectives,
    units: withEditedTexts(units, sections.unitTexts),
    missing,
    late,
    sections,
    recipients: [...new Set([`UBND ${cycle.plan.province.replace(/^Tỉnh\b/, 'tỉnh').replace(/^Thành phố\b/, 'thành phố')}`, ...committee.map((m) => m.name)])],
  };
}

export async function chasingInput(prisma: PrismaClient, cycle: CycleHead, now: Date, newLastDay: LocalDate, sections: OfficeSections): Promise<ChasingInput> {
  const overdue = await escalationList(prisma, cycle, now);
  return {
    head: { ...docHead(cycle, now), number: sections.number.replace(/\/BC\b.*$/, '') || 'Số:' },
    planTitle: cycle.plan.title,
    cycleTitle: cycle.title,
    overdue: overdue.map((r) => ({ unitName: r.unitName, lastDay: r.lastDay, daysOverdue: r.daysOverdue, remindersSent: r.remindersSent, history: historyText(r.history) })),
    newLastDay,
    signerTitle: sections.signerTitle,
    signerName: sections.signerName || undefined,
  };
}

export async function memoInput(prisma: PrismaClient, cycle: CycleHead, now: Date, newLastDay: LocalDate, sections: OfficeSections): Promise<MemoInput> {
  const base = await chasingInput(prisma, cycle, now, newLastDay, sections);
  const committee = readPlanCommittee(cycle.plan.committee, cycle.plan.id);
  return { ...base, rates: await rates(prisma, cycle.id), committee: committee.map((m) => m.name) };
}
