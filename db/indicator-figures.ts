// The indicator figures of a unit's report (issue 14 §1): what the unit's page asks it for (the
// indicators it leads, for this cycle, and an official value for each earlier cycle where it sent
// only an estimate), and storing what it sent, in the submission's own transaction (db/submissions.ts).
import { indicatorField, type IndicatorAsk, type IndicatorFigureInput } from '../domain/indicator-figures.ts';
import type { PrismaClient } from './client.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export interface AskingObligation {
  cycleId: string;
  unit: { id: string; code: string; planId: string };
}

function label(i: { objectiveNumber: number; number: number; text: string | null }): string {
  return `Chỉ tiêu ${i.objectiveNumber}.${i.number}${i.text ? `: ${i.text}` : ''}`;
}

export async function indicatorAsks(prisma: PrismaClient | Tx, o: AskingObligation): Promise<IndicatorAsk[]> {
  const indicators = await prisma.indicator.findMany({
    where: { planId: o.unit.planId, leadCode: o.unit.code },
    orderBy: [{ objectiveNumber: 'asc' }, { number: 'asc' }],
    include: { figures: { where: { unitId: o.unit.id, cycleId: { not: o.cycleId } }, orderBy: [{ reportedAt: 'asc' }, { id: 'asc' }] } },
  });
  if (indicators.length === 0) return [];
  const earlierIds = [...new Set(indicators.flatMap((i) => i.figures.map((f) => f.cycleId)))];
  const cycles = new Map((await prisma.cycle.findMany({ where: { id: { in: earlierIds } }, select: { id: true, key: true, title: true } })).map((c) => [c.id, c]));
  const asks: IndicatorAsk[] = [];
  for (const i of indicators) {
    const base = { key: i.key, label: label(i), unit: i.targetUnit ?? undefined, bySex: i.bySex };
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
      id: `${s.id}/${f.forCycleId}/${f.key}`,
      indicatorId: `${o.unit.planId}/${f.key}`,
      cycleId: f.forCycleId,
      askedInCycleId: o.cycleId,
      unitId: o.unit.id,
      submissionId: s.id,
      value: f.value,
      female: f.female ?? null,
      male: f.male ?? null,
      estimate: f.estimate,
      reportedBy: o.unit.name,
      reportedAt: s.receivedAt,
    })),
  });
}
