// Storing a plan's report forms (real SQLite, real files): each content stored once by its SHA-256 under
// <uploads>/forms whatever the number of cycles and loads naming it, the cycle's rows replaced as a whole
// on reload, a plan naming forms refused without them, and the lookup a web re-import relies on.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readPlanForms, storePlanForms } from '../../cli/plan-forms.ts';
import { savePlan } from '../../db/plans.ts';
import { cycleForms, storedPlanForms } from '../../db/report-forms.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { formsDir } from '../../web/uploads/form-files.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { FORM_TITLES, loadPlanWithForms, writePlanWithForms, type FormsPlan } from '../helpers/report-forms.ts';
import { filesUnder, tempUploadsDir } from '../helpers/uploads.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const blob = (h: string) => `${h.slice(0, 2)}/${h.slice(2)}`;

describe('report forms in the database and the forms store', () => {
  let db: TestDb;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let p: FormsPlan;
  beforeEach(async () => {
    db = await freshDatabase();
    uploads = await tempUploadsDir();
    // Both cycles name the same DOCX: one blob.
    p = await writePlanWithForms({ edit: (doc) => void (doc.cycles[1]!.forms = [{ file: 'forms/Mẫu số 01 - báo cáo.docx', title: 'Mẫu số 01 (quý)' }]) });
  });
  afterEach(async () => {
    await Promise.all([db.close(), uploads.close(), p.close()]);
  });

  it('stores each content once, under its SHA-256, however many cycles and loads name it', async () => {
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    const [docx, xlsx] = [sha(p.bytes.docx), sha(p.bytes.xlsx)];
    expect(await filesUnder(uploads.root)).toStrictEqual([`uploads/forms/${blob(docx)}`, `uploads/forms/${blob(xlsx)}`].sort());
    expect(await fs.readFile(path.join(formsDir(uploads.dir), blob(xlsx)))).toStrictEqual(p.bytes.xlsx);
    const rows = await db.prisma.cycleForm.findMany({ orderBy: [{ cycleId: 'asc' }, { position: 'asc' }] });
    expect(rows).toStrictEqual([
      { cycleId: 'test-2026/2026-annual', position: 0, title: FORM_TITLES.docx, file: 'forms/Mẫu số 01 - báo cáo.docx', fileName: 'Mẫu số 01 - báo cáo.docx', sha256: docx, size: p.bytes.docx.length, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      { cycleId: 'test-2026/2026-annual', position: 1, title: FORM_TITLES.xlsx, file: 'forms/bieu-02.xlsx', fileName: 'bieu-02.xlsx', sha256: xlsx, size: p.bytes.xlsx.length, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { cycleId: 'test-2026/2026-q4', position: 0, title: 'Mẫu số 01 (quý)', file: 'forms/Mẫu số 01 - báo cáo.docx', fileName: 'Mẫu số 01 - báo cáo.docx', sha256: docx, size: p.bytes.docx.length, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    ]);
    expect(await cycleForms(db.prisma, 'test-2026/2026-annual')).toStrictEqual([
      { title: FORM_TITLES.docx, fileName: 'Mẫu số 01 - báo cáo.docx', sha256: docx },
      { title: FORM_TITLES.xlsx, fileName: 'bieu-02.xlsx', sha256: xlsx },
    ]);
  });

  it('a changed form file is a new blob and the cycle points at it; a plan without forms drops the rows', async () => {
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    // The same DOCX with one more part: other bytes, still a DOCX.
    const next = Buffer.from(zipSync({ ...unzipSync(p.bytes.docx), 'docProps/app.xml': strToU8('<Properties/>') }));
    expect(sha(next)).not.toBe(sha(p.bytes.docx));
    await fs.writeFile(path.join(p.dir, 'forms/Mẫu số 01 - báo cáo.docx'), next);
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    expect((await cycleForms(db.prisma, 'test-2026/2026-annual'))[0]!.sha256).toBe(sha(next));
    expect(await filesUnder(formsDir(uploads.dir))).toContain(blob(sha(next)));

    const plain = parsePlan(p.source.replace(/\n {4}forms:\n( {6}.*\n)+/g, '\n'));
    expect(plain.ok).toBe(true);
    if (!plain.ok) return;
    expect(plain.plan.cycles.every((c) => c.forms === undefined)).toBe(true);
    await savePlan(db.prisma, plain.plan, p.source);
    expect(await db.prisma.cycleForm.count()).toBe(0);
  });

  it('refuses to store a plan naming forms when they were not read and stored (nothing written)', async () => {
    await expect(savePlan(db.prisma, p.plan, p.source)).rejects.toThrow(/test-2026\/2026-annual: 2 form\(s\) in the plan, 0 stored/);
    expect(await db.prisma.plan.count()).toBe(0);
  });

  it('finds stored forms by the path the plan writes, for any cycle of the plan, and names the missing', async () => {
    const none = await storedPlanForms(db.prisma, p.plan);
    expect(none.missing).toStrictEqual([
      { cycleIndex: 0, formIndex: 0, file: 'forms/Mẫu số 01 - báo cáo.docx' },
      { cycleIndex: 0, formIndex: 1, file: 'forms/bieu-02.xlsx' },
      { cycleIndex: 1, formIndex: 0, file: 'forms/Mẫu số 01 - báo cáo.docx' },
    ]);
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    // A later version of the plan: the quarterly cycle now also asks for the workbook stored for the annual one.
    const more = p.source.replace("title: Mẫu số 01 (quý)", "title: Mẫu số 01 (quý)\n      - file: forms/bieu-02.xlsx\n        title: Biểu 02 (quý)");
    const r = parsePlan(more);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const found = await storedPlanForms(db.prisma, r.plan);
    expect(found.missing).toStrictEqual([]);
    expect(found.forms.get('2026-q4')!.map((f) => [f.title, f.sha256])).toStrictEqual([['Mẫu số 01 (quý)', sha(p.bytes.docx)], ['Biểu 02 (quý)', sha(p.bytes.xlsx)]]);
    await savePlan(db.prisma, r.plan, more, undefined, { forms: found.forms });
    expect((await cycleForms(db.prisma, 'test-2026/2026-q4')).length).toBe(2);
  });

  it('storing is idempotent: a blob already there is not rewritten', async () => {
    const read = await readPlanForms(p.file, p.plan, p.source);
    if (!read.ok) throw new Error('unexpected');
    await storePlanForms(formsDir(uploads.dir), read.forms);
    const target = path.join(formsDir(uploads.dir), blob(sha(p.bytes.docx)));
    const before = await fs.stat(target);
    await storePlanForms(formsDir(uploads.dir), read.forms);
    expect((await fs.stat(target)).mtimeMs).toBe(before.mtimeMs);
    expect((await filesUnder(formsDir(uploads.dir))).some((f) => f.includes('.incoming'))).toBe(false);
  });
});
