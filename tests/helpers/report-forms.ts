// Report forms for tests: a plan file with cycles[].forms and the form files beside it, made at test time
// (no generated binary is committed): a DOCX built as an OOXML zip (tests/helpers/uploads.ts), a real
// XLSX written by exceljs, a small PDF. Loaded as `dondoc plan load` does, without Temporal.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse, stringify } from 'yaml';
import { readPlanForms, storePlanForms } from '../../cli/plan-forms.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import type { PrismaClient } from '../../db/client.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { formsDir } from '../../web/uploads/form-files.ts';
import { threeUnitPlan } from './plans.ts';
import { samples } from './uploads.ts';

export const FORM_TITLES = { docx: 'Mẫu số 01: Báo cáo kết quả thực hiện Kế hoạch', xlsx: 'Biểu số 02: Số liệu cán bộ nữ' };

/** A real workbook, as an office would publish a table to fill in. */
export async function sampleXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Biểu 02');
  ws.addRow(['STT', 'Đơn vị', 'Số cán bộ nữ', 'Tỷ lệ (%)']);
  ws.addRow([1, '', null, null]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface FormsPlan {
  dir: string;
  file: string;
  plan: Plan;
  source: string;
  bytes: { docx: Buffer; xlsx: Buffer };
  close(): Promise<void>;
}

/**
 * threeUnitPlan with a second cycle (no forms) and the forms on its first, written as `ke-hoach.yaml`
 * in a scratch folder with `forms/` beside it. `edit` changes the YAML object before it is written.
 */
export async function writePlanWithForms(opts: { id?: string; dueDate?: string; opensOn?: string; edit?: (doc: PlanDoc) => void } = {}): Promise<FormsPlan> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-forms-'));
  const base = threeUnitPlan({ id: opts.id, dueDate: opts.dueDate ?? '2026-12-05', opensOn: opts.opensOn ?? '2026-11-01' });
  const doc = parse(base.source) as PlanDoc;
  const first = doc.cycles[0]!;
  first.form = 'Mẫu số 01 và Biểu số 02 kèm theo Kế hoạch';
  first.forms = [
    { file: 'forms/Mẫu số 01 - báo cáo.docx', title: FORM_TITLES.docx },
    { file: 'forms/bieu-02.xlsx', title: FORM_TITLES.xlsx },
  ];
  doc.cycles.push({ ...first, due: { ...(first.due as object) }, key: '2026-q4', kind: 'quarterly', title: 'Báo cáo quý IV năm 2026', form: undefined, forms: undefined });
  opts.edit?.(doc);
  const bytes = { docx: Buffer.from(samples.docx()), xlsx: await sampleXlsx() };
  await fs.mkdir(path.join(dir, 'forms'));
  await fs.writeFile(path.join(dir, 'forms', 'Mẫu số 01 - báo cáo.docx'), bytes.docx);
  await fs.writeFile(path.join(dir, 'forms', 'bieu-02.xlsx'), bytes.xlsx);
  const source = stringify(doc);
  const file = path.join(dir, 'ke-hoach.yaml');
  await fs.writeFile(file, source);
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { dir, file, plan: r.plan, source, bytes, close: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface PlanDoc {
  cycles: { key: string; kind: string; title: string; due?: unknown; form?: string; forms?: { file: string; title: string }[] }[];
  [k: string]: unknown;
}

/** What `dondoc plan load` does before Temporal: read and check the forms, store them, store the plan. */
export async function loadPlanWithForms(prisma: PrismaClient, uploadsDir: string, p: Pick<FormsPlan, 'file' | 'plan' | 'source'>): Promise<StoredCycle[]> {
  const read = await readPlanForms(p.file, p.plan, p.source);
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const forms = await storePlanForms(formsDir(uploadsDir), read.forms);
  return savePlan(prisma, p.plan, p.source, undefined, { forms });
}
