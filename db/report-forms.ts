// A cycle's report forms (CycleForm rows): written with the plan (db/plans.ts), found again by a web
// re-import that cannot carry the files, and read by the reminder email and the unit's page.
import type { Plan } from '../domain/plan-schema.ts';
import { cycleId } from '../domain/ids.ts';
import type { PrismaClient } from './client.ts';

/** A form file as read and stored: what its CycleForm row records besides the cycle and position. */
export interface StoredFormFile {
  title: string;
  /** The path as the plan file writes it. */
  file: string;
  fileName: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/** Per cycle key, the cycle's forms in the plan's order. */
export type PlanForms = ReadonlyMap<string, readonly StoredFormFile[]>;

export const NO_FORMS: PlanForms = new Map();

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Replaces a cycle's forms with those the plan names now. A plan that names forms for a cycle must
 * come with them read and stored: a caller that did not resolve them is a bug, not an empty list.
 */
export async function replaceCycleForms(tx: Tx, id: string, cycleKey: string, named: number, forms: PlanForms): Promise<void> {
  const mine = forms.get(cycleKey) ?? [];
  if (mine.length !== named) throw new Error(`cycle ${id}: ${named} form(s) in the plan, ${mine.length} stored`);
  await tx.cycleForm.deleteMany({ where: { cycleId: id } });
  if (mine.length > 0) await tx.cycleForm.createMany({ data: mine.map((f, position) => ({ cycleId: id, position, ...f })) });
}

/** A form the plan names that no stored cycle of the plan holds (by the path the plan writes). */
export interface MissingForm {
  cycleIndex: number;
  formIndex: number;
  file: string;
}

/**
 * The plan's forms as already stored for its cycles, found by the path the plan file writes (the
 * same cycle's row first, else another cycle's of the plan: a new cycle may reuse last year's form).
 * The web import takes a YAML file alone, so it can keep forms `dondoc plan load` stored, not add any.
 */
export async function storedPlanForms(prisma: PrismaClient, plan: Plan): Promise<{ forms: PlanForms; missing: MissingForm[] }> {
  const named = plan.cycles.some((c) => (c.forms ?? []).length > 0);
  if (!named) return { forms: NO_FORMS, missing: [] };
  const rows = await prisma.cycleForm.findMany({ where: { cycle: { planId: plan.id } }, orderBy: [{ cycleId: 'asc' }, { position: 'asc' }] });
  const forms = new Map<string, StoredFormFile[]>();
  const missing: MissingForm[] = [];
  plan.cycles.forEach((c, cycleIndex) => {
    const id = cycleId(plan.id, c.key);
    const found: StoredFormFile[] = [];
    (c.forms ?? []).forEach((f, formIndex) => {
      const row = rows.find((r) => r.cycleId === id && r.file === f.file) ?? rows.find((r) => r.file === f.file);
      if (!row) missing.push({ cycleIndex, formIndex, file: f.file });
      else found.push({ title: f.title, file: f.file, fileName: row.fileName, sha256: row.sha256, size: row.size, mediaType: row.mediaType });
    });
    forms.set(c.key, found);
  });
  return { forms, missing };
}

/** A cycle's forms in the plan's order, as the reminder names and links them. */
export async function cycleForms(prisma: PrismaClient, id: string): Promise<{ title: string; fileName: string; sha256: string }[]> {
  return prisma.cycleForm.findMany({ where: { cycleId: id }, orderBy: { position: 'asc' }, select: { title: true, fileName: true, sha256: true } });
}
