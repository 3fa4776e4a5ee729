// The report forms a plan file names (cycles[].forms[].file, relative to the plan file), read from disk
// by `dondoc plan check` and `plan load`: every one must exist, be a DOCX, XLSX or PDF by its content
// and stay under the size limit, or the plan is refused with each problem at its place in the file
// (path and line), before anything is stored. `plan load` then stores them by SHA-256.
import fs from 'node:fs/promises';
import path from 'node:path';
import { planErrorLocator, type PlanError } from '../domain/plan-file.ts';
import type { Plan } from '../domain/plan-schema.ts';
import type { PlanForms, StoredFormFile } from '../db/report-forms.ts';
import { checkFormBytes, FORM_MAX_BYTES, storeFormBlob, tooBig } from '../web/uploads/form-files.ts';
import { displayFileName } from '../web/uploads/file-name.ts';

/** A form read and checked: its row (StoredFormFile) and its bytes, still to store. */
export interface ReadForm extends StoredFormFile {
  bytes: Uint8Array;
}

export type ReadForms = { ok: true; forms: Map<string, ReadForm[]>; count: number } | { ok: false; errors: PlanError[] };

export async function readPlanForms(planFile: string, plan: Plan, source: string, maxBytes = FORM_MAX_BYTES): Promise<ReadForms> {
  const base = path.dirname(path.resolve(planFile));
  const at = planErrorLocator(source);
  const errors: PlanError[] = [];
  const forms = new Map<string, ReadForm[]>();
  let count = 0;
  for (const [ci, c] of plan.cycles.entries()) {
    const mine: ReadForm[] = [];
    for (const [fi, f] of (c.forms ?? []).entries()) {
      const where = ['cycles', ci, 'forms', fi, 'file'];
      const read = await readOne(path.resolve(base, f.file), maxBytes);
      if (!read.ok) {
        errors.push(at(where, read.message));
        continue;
      }
      const checked = await checkFormBytes(read.bytes, maxBytes);
      if (!checked.ok) {
        errors.push(at(where, checked.message));
        continue;
      }
      const twin = mine.find((m) => m.sha256 === checked.sha256);
      if (twin) {
        errors.push(at(where, `cùng nội dung với tệp ${twin.file} / same content as ${twin.file}`));
        continue;
      }
      mine.push({
        title: f.title,
        file: f.file,
        fileName: displayFileName(path.basename(f.file), checked.type),
        sha256: checked.sha256,
        size: read.bytes.length,
        mediaType: checked.type.contentType,
        bytes: read.bytes,
      });
      count++;
    }
    forms.set(c.key, mine);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, forms, count };
}

async function readOne(file: string, maxBytes: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return { ok: false, message: `không phải một tệp: ${file} / not a file: ${file}` };
    // The size is checked before reading, so a wrong path to a huge file costs nothing.
    if (stat.size > maxBytes) return { ok: false, message: tooBig(stat.size, maxBytes) };
    return { ok: true, bytes: new Uint8Array(await fs.readFile(file)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return code === 'ENOENT'
      ? { ok: false, message: `không tìm thấy tệp mẫu: ${file} / form file not found: ${file}` }
      : { ok: false, message: `không đọc được tệp mẫu ${file} (${code}) / cannot read the form file ${file} (${code})` };
  }
}

/** Stores every form's bytes under `dir` by SHA-256 (once per content) and returns the rows to write. */
export async function storePlanForms(dir: string, forms: Map<string, ReadForm[]>): Promise<PlanForms> {
  const rows = new Map<string, StoredFormFile[]>();
  for (const [key, list] of forms) {
    rows.set(key, []);
    for (const { bytes, ...row } of list) {
      await storeFormBlob(dir, bytes, row.sha256);
      rows.get(key)!.push(row);
    }
  }
  return rows;
}
