// A plan's objectives and indicators as its file states them, stored when the plan loads (inside
// savePlan's transaction, db/plans.ts). A reload updates them in place by id, so the values units
// reported (IndicatorFigure, keyed by the indicator's id) stay; an indicator the file no longer has is
// removed with its values (the plan says it is no longer asked for).
import type { Plan } from '../domain/plan-schema.ts';
import { storeAskedOf } from '../domain/indicator-asked.ts';
import { indicatorKey, indicatorLead } from '../domain/indicator-keys.ts';
import type { PrismaClient } from './client.ts';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export async function storeObjectives(tx: Tx, plan: Plan): Promise<void> {
  const objectiveIds: string[] = [];
  const indicatorIds: string[] = [];
  for (const o of plan.objectives) {
    const id = `${plan.id}/${o.number}`;
    objectiveIds.push(id);
    const fields = { text: o.text, leadCode: o.lead ?? null, coordinating: o.coordinating.join(',') };
    await tx.objective.upsert({ where: { id }, create: { id, planId: plan.id, number: o.number, ...fields }, update: fields });
    for (const ind of o.indicators) {
      const key = indicatorKey(o.number, ind.number);
      const indId = `${plan.id}/${key}`;
      indicatorIds.push(indId);
      const data = {
        objectiveNumber: o.number,
        number: ind.number,
        text: ind.text ?? null,
        targetValue: ind.target?.value ?? null,
        targetUnit: ind.target?.unit ?? null,
        targetYear: ind.target?.year ?? null,
        direction: ind.target?.direction ?? 'at-least',
        targetPerSex: ind.target?.perSex ?? false,
        aggregate: ind.aggregate,
        bySex: ind.bySex,
        askedOf: storeAskedOf(ind.askedOf),
        byLocality: ind.byLocality,
        leadCode: indicatorLead(o, ind) ?? null,
        coordinating: ind.coordinating.join(','),
      };
      await tx.indicator.upsert({ where: { id: indId }, create: { id: indId, planId: plan.id, key, ...data }, update: data });
    }
  }
  await tx.indicator.deleteMany({ where: { planId: plan.id, id: { notIn: indicatorIds } } });
  await tx.objective.deleteMany({ where: { planId: plan.id, id: { notIn: objectiveIds } } });
}
