// The cycle's report forms behind a unit's personal link (real SQLite, real files): the unit's page
// lists them, a download gives the stored bytes as an attachment under the form's Vietnamese name with
// nosniff; a link of a unit in another cycle, an unknown or malformed checksum, or a bad token get the
// bad-link 404. The web plan import keeps forms already stored and refuses a plan naming new ones.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { issueToken } from '../../../db/tokens.ts';
import type { StoredCycle } from '../../../db/plans.ts';
import type { OfficeEngine } from '../../../temporal/office-actions.ts';
import { buildWebApp } from '../../../web/app.ts';
import { contentDisposition } from '../../../web/exports/disposition.ts';
import { signInWithForms } from '../../helpers/auth.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { FORM_TITLES, loadPlanWithForms, writePlanWithForms, type FormsPlan } from '../../helpers/report-forms.ts';
import { multipart, tempUploadsDir } from '../../helpers/uploads.ts';

const NOW = new Date('2026-11-25T03:00:00Z');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('report forms from the unit link, and the web import', () => {
  let db: TestDb;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let p: FormsPlan;
  let app: FastifyInstance;
  let forms: { sha256: string; fileName: string; title: string }[];
  let annualToken: string;
  let quarterToken: string;
  const opened: StoredCycle[][] = [];

  beforeAll(async () => {
    [db, uploads, p] = await Promise.all([freshDatabase(), tempUploadsDir(), writePlanWithForms()]);
    await loadPlanWithForms(db.prisma, uploads.dir, p);
    forms = await db.prisma.cycleForm.findMany({ where: { cycleId: 'test-2026/2026-annual' }, orderBy: { position: 'asc' } });
    const office = { openCycles: async (c: StoredCycle[]) => (opened.push(c), { started: [], scheduled: c.map((x) => x.cycleId) }) } as unknown as OfficeEngine;
    app = await buildWebApp({ prisma: db.prisma, deliver: async () => undefined, clock: () => NOW, uploadsDir: uploads.dir, uploadMaxBytes: 1024 * 1024, cookieSecret: TEST_COOKIE_SECRET, office });
    const until = new Date('2027-02-01T00:00:00Z');
    annualToken = await issueToken(db.prisma, 'test-2026/2026-annual/so-y-te', until);
    quarterToken = await issueToken(db.prisma, 'test-2026/2026-q4/so-y-te', until); // same unit, the other cycle
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([db.close(), uploads.close(), p.close()]);
  });

  it('the unit page lists each form with its download link', async () => {
    const res = await app.inject({ url: `/r/${annualToken}` });
    expect(res.statusCode).toBe(200);
    const list = res.body.match(/<ul id="report-forms">([\s\S]*?)<\/ul>/)?.[1] ?? '';
    expect(list).toContain(`<a href="/r/${annualToken}/forms/${forms[0]!.sha256}" download>${FORM_TITLES.docx}</a> (Mẫu số 01 - báo cáo.docx,`);
    expect(list).toContain(`<a href="/r/${annualToken}/forms/${forms[1]!.sha256}" download>${FORM_TITLES.xlsx}</a> (bieu-02.xlsx,`);
    const other = await app.inject({ url: `/r/${quarterToken}` });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('report-forms');
  });

  it('downloads the stored bytes as an attachment with a safe Vietnamese name and nosniff', async () => {
    const res = await app.inject({ url: `/r/${annualToken}/forms/${forms[0]!.sha256}` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(p.bytes.docx)).toBe(true);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe(contentDisposition('attachment', 'Mẫu số 01 - báo cáo.docx'));
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Mau so 01 - bao cao.docx"; filename*=UTF-8''M%E1%BA%ABu%20s%E1%BB%91%2001%20-%20b%C3%A1o%20c%C3%A1o.docx`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const xlsx = await app.inject({ url: `/r/${annualToken}/forms/${forms[1]!.sha256}` });
    expect(xlsx.rawPayload.equals(p.bytes.xlsx)).toBe(true);
  });

  it('another cycle\'s link, an unknown or malformed checksum and a bad token get the bad-link 404', async () => {
    const unknown = 'f'.repeat(64);
    for (const url of [`/r/${quarterToken}/forms/${forms[0]!.sha256}`, `/r/${annualToken}/forms/${unknown}`, `/r/${annualToken}/forms/${forms[0]!.sha256.toUpperCase()}`, `/r/${annualToken}/forms/..%2F..%2Fetc%2Fpasswd`, `/r/${'x'.repeat(43)}/forms/${forms[0]!.sha256}`]) {
      const res = await app.inject({ url });
      // on failure, look at: url
      expect([url, res.statusCode]).toStrictEqual([url, 404]);
      expect(res.body).toContain('Đường link không hợp lệ hoặc đã hết hạn');
      expect(res.rawPayload.includes(p.bytes.docx)).toBe(false);
    }
  });

  describe('the web plan import', () => {
    let cookie: string;
    let csrf: string;
    beforeAll(async () => {
      ({ cookie, csrf } = await signInWithForms(app, db.prisma, 'office', { now: NOW }));
    });
    const post = (text: string) => {
      const body = multipart([{ name: '_csrf', value: csrf }, { name: 'plan', filename: 'ke-hoach.yaml', content: Buffer.from(text), contentType: 'application/yaml' }]);
      return app.inject({ method: 'POST', url: '/plans/import', payload: body.payload, headers: { 'content-type': body.contentType, cookie } });
    };

    it('refuses a plan naming a form not stored yet, at its line, saying to use dondoc plan load; stores nothing', async () => {
      // The quarterly cycle now names a form: the YAML cannot bring its file.
      const source = p.source.replace('title: Báo cáo quý IV năm 2026\n', 'title: Báo cáo quý IV năm 2026\n    forms:\n      - file: forms/moi.pdf\n        title: Mẫu mới\n');
      const line = source.split('\n').findIndex((l) => l.includes('forms/moi.pdf')) + 1;
      expect(line).toBeGreaterThan(0);
      const before = await db.prisma.plan.findUniqueOrThrow({ where: { id: 'test-2026' } });
      const res = await post(source);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(`cycles[1].forms[0].file (dòng / line ${line}): tệp mẫu forms/moi.pdf chưa có trên máy chủ / form file forms/moi.pdf is not stored on the server`);
      expect(res.body).toContain('id="forms-need-cli"');
      expect(res.body).toContain('dondoc plan load');
      expect((await db.prisma.plan.findUniqueOrThrow({ where: { id: 'test-2026' } })).source).toBe(before.source);
      expect(await db.prisma.cycleForm.count()).toBe(2);
    });

    it('re-imports a plan whose forms are stored, keeping them (new titles taken)', async () => {
      const source = p.source.replace(FORM_TITLES.xlsx, 'Biểu số 02 (sửa đổi)');
      const res = await post(source);
      expect(res.statusCode).toBe(200);
      const rows = await db.prisma.cycleForm.findMany({ where: { cycleId: 'test-2026/2026-annual' }, orderBy: { position: 'asc' } });
      expect(rows.map((r) => [r.title, r.sha256])).toStrictEqual([[FORM_TITLES.docx, forms[0]!.sha256], ['Biểu số 02 (sửa đổi)', forms[1]!.sha256]]);
      expect(opened.length).toBe(1);
    });
  });
});
