// The indicator figures of a unit's report (issue 14 §1): what the unit's page asks it for (the
// indicators it leads or the plan asks of it (`askedOf`), for this cycle, split by locality when the
// plan says `byLocality`, and an official value for each earlier cycle where it sent
// only an estimate), and storing what it sent, in the submission's own transaction (db/submissions.ts).
import { isAsked, isLocality, readAskedOf } from '../domain/indicator-asked.ts';
import { indicatorField, type IndicatorAsk, type IndicatorFigureInput } from '../domain/indicator-figures.ts';
import type { PrismaClient } from './client.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface AskingObligation {
  cycleId: string;
  unit: { id: string; code: string; kind: string; planId: string };
}

/**
 * The localities a value is split by in a cycle: the plan's district, commune, ward and special-zone
 * units that owe the cycle, or, in a cycle that asks none of them (one for departments only), every
 * such unit of the plan. By name, as the form and the table list them.
 */
export async function localityUnits(prisma: PrismaClient | Tx, planId: string, cycleId: string): Promise<{ id: string; code: string; name: string }[]> {
  const units = (await prisma.unit.findMany({
    where: { planId },
    select: { id: true, code: true, name: true, kind: true, obligations: { where: { cycleId }, select: { id: true } } },
    orderBy: [{ name: 'asc' }, { code: 'asc' }],
  })).filter((u) => isLocality(u.kind));
  const owing = units.filter((u) => u.obligations.length > 0);
  return (owing.length > 0 ? owing : units).map(({ id, code, name }) => ({ id, code, name }));
}

function label(i: { objectiveNumber: number; number: number; text: string | null }): string {
  return `Chỉ tiêu ${i.objectiveNumber}.${i.number}${i.text ? `: ${i.text}` : ''}`;
}

export async function indicatorAsks(prisma: PrismaClient | Tx, o: AskingObligation): Promise<IndicatorAsk[]> {
  const indicators = (await prisma.indicator.findMany({
    where: { planId: o.unit.planId },
    orderBy: [{ objectiveNumber: 'asc' }, { number: 'asc' }],
    // The unit's own values only: the parts by locality follow their total.
    include: { figures: { where: { unitId: o.unit.id, cycleId: { not: o.cycleId }, localityUnitId: null }, orderBy: [{ reportedAt: 'asc' }, { id: 'asc' }] } },
  })).filter((i) => isAsked(readAskedOf(i.askedOf), i.leadCode, o.unit));
  if (indicators.length === 0) return [];
  const localities = indicators.some((i) => i.byLocality) ? (await localityUnits(prisma, o.unit.planId, o.cycleId)).map((l) => ({ unitId: l.id, code: l.code, name: l.name })) : [];
  const earlierIds = [...new Set(indicators.flatMap((i) => i.figures.map((f) => f.cycleId)))];
  const cycles = new Map((await prisma.cycle.findMany({ where: { id: { in: earlierIds } }, select: { id: true, key: true, title: true } })).map((c) => [c.id, c]));
  const asks: IndicatorAsk[] = [];
  for (const i of indicators) {
    const base = { key: i.key, label: label(i), unit: i.targetUnit ?? undefined, bySex: i.bySex, ...(i.byLocality && localities.length > 0 ? { localities } : {}) };
    asks.push({ ...base, field: indicatorField(i.key), forCycleId: o.cycleId, estimateAllowed: true });
    // An earlier cycle whose value is still an estimate: ask for the official one.
    for (const cycleId of new Set(i.figures.map((f) => f.cycleId))) {
      const mine = i.figures.filter((f) => f.cycleId === cycleId);
      const last = mine.at(-1);
      const c = cycles.get(cycleId);
      if (!c || !last || mine.some((f) => !f.estimate)) continue;
      asks.push({ ...base, field: indicatorField(i.key, c.key), forCycleId: cycleId, estimateAllowed: false, replaces: { cycleTitle: c.title, value: last.value } });
    }
  }
  return asks;
}

/** Stores the values sent with one submission; the ids make a retried transaction write the same rows. */
export async function storeIndicatorFigures(
  tx: Tx,
  s: { id: string; receivedAt: Date },
  o: { cycleId: string; unit: { id: string; name: string; planId: string } },
  figures: readonly IndicatorFigureInput[],
): Promise<void> {
  if (figures.length === 0) return;
  await tx.indicatorFigure.createMany({
    data: figures.map((f) => ({
      id: `${s.id}/${f.forCycleId}/${f.key}${f.locality === undefined ? '' : `/${f.locality}`}`,
      indicatorId: `${o.unit.planId}/${f.key}`,
      cycleId: f.forCycleId,
      askedInCycleId: o.cycleId,
      unitId: o.unit.id,
      submissionId: s.id,
      value: f.value,
      female: f.female ?? null,
      male: f.male ?? null,
      estimate: f.estimate,
      localityUnitId: f.locality ?? null,
      reportedBy: o.unit.name,
      reportedAt: s.receivedAt,
    })),
  });
}
