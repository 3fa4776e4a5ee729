// Report forms in the plan file (cycles[].forms): `dondoc plan check`, run as a child process, reads
// every form beside the plan file and refuses a missing one, one that is not DOCX/XLSX/PDF by its
// content (whatever its name says), one over the size limit, and the same content twice in a cycle,
// each at its place in the file (path and line). The schema refuses an absolute path and a file named
// twice in one cycle.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { readPlanForms } from '../../cli/plan-forms.ts';
import { CliError, planLoad } from '../../cli/plan-commands.ts';
import { loadConfig } from '../../config/config.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { FORM_MAX_BYTES } from '../../web/uploads/form-files.ts';
import { dondoc, STACK_TRACE } from './cli-runner.ts';
import { writePlanWithForms, type FormsPlan } from '../helpers/report-forms.ts';
import { filesUnder, samples, tempUploadsDir } from '../helpers/uploads.ts';
import { freshDatabase } from '../helpers/db.ts';

const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('report forms in the plan file', () => {
  let p: FormsPlan | undefined;
  afterEach(async () => {
    await p?.close();
    p = undefined;
  });

  it('plan check reads the forms beside the plan file and counts them', async () => {
    p = await writePlanWithForms();
    const r = await dondoc('plan', 'check', p.file);
    // Nothing but the district warning of the test plan's district (tests/cli/district-warning.test.ts).
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('Cảnh báo / warning: units[2].kind'))).toStrictEqual([]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('2 mẫu báo cáo / report forms');
  });

  it('refuses a missing file, a wrong type by content, a file over the limit and a duplicate, each at its line', async () => {
    p = await writePlanWithForms({
      edit: (doc) => {
        doc.cycles[0]!.forms!.push(
          { file: 'forms/khong-co.docx', title: 'Mẫu số 03' },
          { file: 'forms/trang-web.docx', title: 'Mẫu số 04' }, // HTML named .docx
          { file: 'forms/nen.xlsx', title: 'Mẫu số 05' }, // a ZIP that is no workbook
          { file: 'forms/qua-lon.pdf', title: 'Mẫu số 06' },
          { file: 'forms/ban-sao.docx', title: 'Mẫu số 07' }, // the same bytes as Mẫu số 01
        );
      },
    });
    await fs.writeFile(path.join(p.dir, 'forms/trang-web.docx'), samples.html());
    await fs.writeFile(path.join(p.dir, 'forms/nen.xlsx'), samples.zip());
    await fs.writeFile(path.join(p.dir, 'forms/ban-sao.docx'), p.bytes.docx);
    // A sparse file: over the limit by one byte, never read (its size is checked first).
    await fs.writeFile(path.join(p.dir, 'forms/qua-lon.pdf'), samples.pdf());
    await fs.truncate(path.join(p.dir, 'forms/qua-lon.pdf'), FORM_MAX_BYTES + 1);

    const r = await dondoc('plan', 'check', p.file);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain('kế hoạch không hợp lệ, 5 lỗi / invalid plan, 5 error(s)');
    const line = (needle: string) => `(dòng / line ${lineOf(p!.source, needle)})`;
    expect(r.stderr).toContain(`cycles[0].forms[2].file ${line('khong-co.docx')}: không tìm thấy tệp mẫu: ${path.join(p.dir, 'forms/khong-co.docx')} / form file not found`);
    expect(r.stderr).toContain(`cycles[0].forms[3].file ${line('trang-web.docx')}: tệp mẫu không phải DOCX, XLSX hoặc PDF theo nội dung / the form file is not a DOCX, XLSX or PDF by its content`);
    expect(r.stderr).toContain(`cycles[0].forms[4].file ${line('nen.xlsx')}: tệp mẫu không phải DOCX, XLSX hoặc PDF`);
    expect(r.stderr).toContain(`cycles[0].forms[5].file ${line('qua-lon.pdf')}: tệp mẫu quá lớn (10 MB, tối đa 10 MB) / the form file is too large`);
    expect(r.stderr).toContain(`cycles[0].forms[6].file ${line('ban-sao.docx')}: cùng nội dung với tệp forms/Mẫu số 01 - báo cáo.docx / same content as`);
    expect(r.stderr).not.toMatch(/forms\[[01]\]/); // the good ones are not blamed
  });

  it('refuses a known document type that is not a form format (a .doc) and names what it is', async () => {
    p = await writePlanWithForms({ edit: (doc) => void (doc.cycles[0]!.forms = [{ file: 'cu.doc', title: 'Mẫu cũ' }]) });
    await fs.writeFile(path.join(p.dir, 'cu.doc'), samples.ole2('WordDocument'));
    const r = await readPlanForms(p.file, p.plan, p.source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toStrictEqual([
      { path: 'cycles[0].forms[0].file', line: lineOf(p.source, 'cu.doc'), message: expect.stringContaining('(Word 97-2003 (.doc))') },
    ]);
  });

  it('reads each good form with its checksum, size, type and download name', async () => {
    p = await writePlanWithForms();
    const r = await readPlanForms(p.file, p.plan, p.source);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [docx, xlsx] = r.forms.get('2026-annual')!;
    expect(r.forms.get('2026-q4')).toStrictEqual([]);
    expect(docx).toMatchObject({ file: 'forms/Mẫu số 01 - báo cáo.docx', fileName: 'Mẫu số 01 - báo cáo.docx', size: p.bytes.docx.length, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(docx!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(xlsx).toMatchObject({ fileName: 'bieu-02.xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  });

  it('plan load stores the forms and their rows before it needs Temporal', async () => {
    p = await writePlanWithForms();
    const [db, uploads] = await Promise.all([freshDatabase(), tempUploadsDir()]);
    try {
      const env = { DATABASE_URL: db.url, DONDOC_UPLOADS_DIR: uploads.dir, DONDOC_DATA_DIR: uploads.root, TEMPORAL_ADDRESS: '127.0.0.1:1' };
      const failed = await planLoad(p.file, () => loadConfig(env)).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(CliError);
      expect((failed as CliError).exitCode).toBe(3); // Temporal unreachable: the plan and its forms are stored
      const rows = await db.prisma.cycleForm.findMany({ orderBy: { position: 'asc' } });
      expect(rows.map((r) => [r.cycleId, r.fileName])).toStrictEqual([['test-2026/2026-annual', 'Mẫu số 01 - báo cáo.docx'], ['test-2026/2026-annual', 'bieu-02.xlsx']]);
      expect(await filesUnder(uploads.root)).toStrictEqual(rows.map((r) => `uploads/forms/${r.sha256.slice(0, 2)}/${r.sha256.slice(2)}`).sort());
    } finally {
      await Promise.all([db.close(), uploads.close()]);
    }
  }, 60_000); // migrate deploy runs Prisma's CLI, and the Temporal client tries its connection for a while

  it('the schema refuses an absolute path and a file named twice in one cycle, at their lines', async () => {
    p = await writePlanWithForms();
    const source = p.source.replace('file: forms/bieu-02.xlsx', 'file: /etc/passwd').replace('- file: forms/Mẫu số 01 - báo cáo.docx', '- file: forms/x.pdf\n        title: A\n      - file: forms/x.pdf');
    expect(source).toContain('/etc/passwd');
    const r = parsePlan(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toStrictEqual([
      { path: 'cycles[0].forms[2].file', line: lineOf(source, '/etc/passwd'), message: 'đường dẫn phải tương đối so với tệp kế hoạch / the path must be relative to the plan file' },
      { path: 'cycles[0].forms[1].file', line: lineOf(source, 'file: forms/x.pdf') + 2, message: 'tệp mẫu bị lặp: forms/x.pdf / form file named twice: forms/x.pdf' },
    ]);
  });
});
