// The office's compiled report on a cycle, through the routes on a real database (SQLite, and
// PostgreSQL in unit-pg): sections saved as versions and kept across regenerations while figures are
// read afresh; the report DOCX opened by python-docx with a unit's DOCX text offered under its name and
// a corrupt DOCX only linked; section IV grouped by the objectives the units lead (stored Objective and
// Indicator rows) in the DOCX and the print page; the A4 print page; the dispatch naming the overdue units; the committee
// reads but cannot save; bad input refused. Section IV's texts edited on the page: kept with the draft and
// printed, an unedited unit following its latest version; a draft stored before they were editable still read.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { NOW, PLAN, reportHistory } from '../../helpers/report-history.ts';
import { signedInGet, signInWithForms } from '../../helpers/auth.ts';
import { tempUploadsDir } from '../../helpers/uploads.ts';
import { readDocx, tables } from '../../helpers/read-docx.ts';
import { blobPath } from '../../../web/uploads/store.ts';
import { draftVersion, draftVersions } from '../../../db/report-drafts.ts';
import { recordSubmission } from '../../../db/submissions.ts';
import type { FormCsrf } from '../../helpers/csrf.ts';

const BASE = `/reports/${PLAN}/2026-annual`;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('compiled report routes', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let app: FastifyInstance;
  let office: FormCsrf;
  let committeeGet: Awaited<ReturnType<typeof signedInGet>>;

  async function attach(unit: string, name: string, bytes: Buffer) {
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = blobPath(uploads.dir, sha)!;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, bytes);
    const s = await fixture.db.prisma.submission.findFirstOrThrow({ where: { obligationId: `${PLAN}/2026-annual/${unit}` }, orderBy: { receivedAt: 'desc' } });
    await fixture.db.prisma.submission.update({ where: { id: s.id }, data: { fileSha256: sha, fileName: name, fileSize: bytes.length, fileType: DOCX } });
    return s.id;
  }
  const get = (url: string) => app.inject({ url, headers: { cookie: office.cookie } });
  const save = (fields: Record<string, string>, who = office) =>
    app.inject({ method: 'POST', url: BASE, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString() });
  const SECTIONS = { number: 'Số: 15/BC-VP', intro: 'Năm 2026, các đơn vị đã triển khai kế hoạch.', proposals: 'Đề nghị bổ sung kinh phí.', signerTitle: 'Chánh Văn phòng', signerName: 'Trần Thị B' };

  beforeAll(async () => {
    fixture = await reportHistory();
    // The plan's objectives as a plan load stores them (db/plan-indicators.ts): Sở Nội vụ leads objective
    // 1, Sở Tài chính an indicator of objective 2; Ban Dân tộc leads objective 3 but has not reported.
    await fixture.db.prisma.objective.createMany({
      data: [
        { id: `${PLAN}/1`, planId: PLAN, number: 1, text: 'Tăng cường sự tham gia của phụ nữ vào vị trí lãnh đạo', leadCode: 'so-noi-vu', coordinating: '' },
        { id: `${PLAN}/2`, planId: PLAN, number: 2, text: 'Giảm khoảng cách giới trong lĩnh vực kinh tế', leadCode: null, coordinating: '' },
        { id: `${PLAN}/3`, planId: PLAN, number: 3, text: 'Mục tiêu của Ban Dân tộc', leadCode: 'ban-dan-toc', coordinating: '' },
      ],
    });
    await fixture.db.prisma.indicator.create({ data: { id: `${PLAN}/ct-2-1`, planId: PLAN, key: 'ct-2-1', objectiveNumber: 2, number: 1, text: 'Tỷ lệ lao động nữ có việc làm', leadCode: 'so-tai-chinh', coordinating: '' } });
    uploads = await tempUploadsDir();
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, uploadsDir: uploads.dir, uploadMaxBytes: 1024 * 1024, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    office = await signInWithForms(app, fixture.db.prisma, 'office', { now: NOW });
    committeeGet = await signedInGet(app, fixture.db.prisma, 'committee', NOW);
    const word = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun('Sở Nội vụ đã tập huấn 120 cán bộ, trong đó 70 nữ.')] })] }] }));
    await attach('so-noi-vu', 'bao-cao-snv.docx', word);
    const corrupt = Buffer.from(word);
    corrupt.fill(0x41, 30, corrupt.length - 30);
    await attach('so-tai-chinh', 'hong.docx', corrupt);
  });
  afterAll(async () => {
    await app?.close();
    await uploads?.close();
    await fixture?.close();
  });

  it('saves the office\'s sections as versions; the page shows the latest and any older one', async () => {
    expect((await get(BASE)).body).toContain('Chưa có phiên bản nào được lưu.');
    const first = await save(SECTIONS);
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${BASE}?version=1`);
    expect((await save({ ...SECTIONS, proposals: 'Đề nghị bổ sung kinh phí và nhân lực.' })).headers.location).toBe(`${BASE}?version=2`);
    const versions = await draftVersions(fixture.db.prisma, `${PLAN}/2026-annual`);
    expect(versions.map((v) => v.version)).toStrictEqual([2, 1]);
    expect(versions[1]!.sections).toStrictEqual(SECTIONS);
    const latest = (await get(BASE)).body;
    expect(latest).toContain('Đề nghị bổ sung kinh phí và nhân lực.');
    expect([...latest.matchAll(/data-version="(\d+)"/g)].map((m) => m[1])).toStrictEqual(['2', '1']);
    expect((await get(`${BASE}?version=1`)).body).toMatch(/<textarea name="proposals"[^>]*>Đề nghị bổ sung kinh phí\.<\/textarea>/);
    expect((await get(`${BASE}?version=9`)).statusCode).toBe(404);
  });

  it('the DOCX keeps the office\'s text, the rates, each unit\'s text, the file\'s text, and the units that did not report', async () => {
    const res = await get(`${BASE}/report.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    const v = await readDocx(res.rawPayload);
    expect(tables(v)[0]![0]![0]).toContain('Số: 15/BC-VP');
    expect(v.text).toContain('Năm 2026, các đơn vị đã triển khai kế hoạch.');
    expect(v.text).toContain('Đề nghị bổ sung kinh phí và nhân lực.');
    expect(v.text).toContain('Số đơn vị đã báo cáo: 3/5, đạt tỷ lệ 60%');
    expect(v.text).toContain('Bản bổ sung'); // so-noi-vu's latest version's comment
    expect(v.text).toContain('Nội dung trích từ tệp bao-cao-snv.docx:\nSở Nội vụ đã tập huấn 120 cán bộ, trong đó 70 nữ.');
    // The corrupt file is linked, its text not offered, and the report is made all the same.
    expect(v.text).toContain('Tệp báo cáo: hong.docx');
    expect(v.text).not.toContain('Nội dung trích từ tệp hong.docx');
    expect(v.links.every((l) => /^http:\/\/[^/]+\/cycles\/test-2026\/2026-annual\/units\/(so-noi-vu|so-tai-chinh)\/submissions\/[0-9a-f-]+\/file$/.test(l))).toBe(true);
    // Section IV by objective: each unit under what it leads, then the units leading none; objective 3,
    // whose lead did not report, left out.
    const iv = v.text.slice(v.text.indexOf('IV. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ'), v.text.indexOf('V. ĐƠN VỊ CHƯA BÁO CÁO'));
    const headings = iv.split('\n').filter((l) => /^(\d+\. |Mục tiêu \d+: |Các đơn vị khác$)/.test(l));
    expect(headings).toStrictEqual([
      'Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào vị trí lãnh đạo',
      '1. Sở Nội vụ (gửi ngày 26/11/2026)',
      'Mục tiêu 2: Giảm khoảng cách giới trong lĩnh vực kinh tế',
      '2. Sở Tài chính (gửi ngày 07/12/2026, muộn hạn)',
      'Các đơn vị khác',
      '3. Sở Y tế (gửi ngày 26/11/2026)',
    ]);
    expect(iv.indexOf('Bản bổ sung')).toBeGreaterThan(iv.indexOf('1. Sở Nội vụ'));
    expect(iv.indexOf('Bản bổ sung')).toBeLessThan(iv.indexOf('Mục tiêu 2:'));
    const missing = tables(v).find((t) => t[0]![4] === 'Tình trạng')!;
    expect(missing.slice(1).map((r) => r[1])).toStrictEqual(['Ban Dân tộc', 'UBND huyện Cao Lộc']);
    const late = tables(v).find((t) => t[0]![3] === 'Ngày gửi')!;
    expect(late.slice(1).map((r) => r[1])).toStrictEqual(['Sở Tài chính']);
  });

  it('a regeneration refreshes the figures and keeps the sections', async () => {
    await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2026-annual/ban-dan-toc` }, data: { status: 'exempted' } });
    try {
      const v = await readDocx((await get(`${BASE}/report.docx`)).rawPayload);
      expect(v.text).toContain('Số đơn vị đã báo cáo: 3/4, đạt tỷ lệ 75%');
      expect(v.text).toContain('Đề nghị bổ sung kinh phí và nhân lực.');
      const old = await readDocx((await get(`${BASE}/report.docx?version=1`)).rawPayload);
      expect(old.text).toContain('Đề nghị bổ sung kinh phí.');
      expect(old.text).toContain('Số đơn vị đã báo cáo: 3/4');
    } finally {
      await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2026-annual/ban-dan-toc` }, data: { status: 'reminded' } });
    }
  });

  it('the A4 print page and the dispatch and memo', async () => {
    const print = await get(`${BASE}/print`);
    expect(print.body).toMatch(/@page \{ size: A4/);
    expect(print.body).toContain('<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b>');
    expect(print.body).toContain('Thử nghiệm, ngày 10 tháng 12 năm 2026');
    expect(print.body).toContain('VI. ĐỀ XUẤT, KIẾN NGHỊ</h2><p class="body">Đề nghị bổ sung kinh phí và nhân lực.</p>');
    // Section IV in the same groups as the DOCX.
    expect([...print.body.matchAll(/<h3 class="unit-group">([^<]+)<\/h3>|<section class="unit"><p><b>([^<]+)<\/b>/g)].map((m) => m[1] ?? m[2])).toStrictEqual([
      'Mục tiêu 1: Tăng cường sự tham gia của phụ nữ vào vị trí lãnh đạo',
      '1. Sở Nội vụ',
      'Mục tiêu 2: Giảm khoảng cách giới trong lĩnh vực kinh tế',
      '2. Sở Tài chính',
      'Các đơn vị khác',
      '3. Sở Y tế',
    ]);
    const d = await readDocx((await get(`${BASE}/dispatch.docx?han=18/12/2026`)).rawPayload);
    expect(d.text).toContain('Kính gửi:\n- Ban Dân tộc;\n- UBND huyện Cao Lộc.');
    expect(tables(d)[1]!.slice(1)).toStrictEqual([
      ['1', 'Ban Dân tộc', '04/12/2026', '6', '1'],
      ['2', 'UBND huyện Cao Lộc', '04/12/2026', '6', '2'],
    ]);
    expect(d.text).toContain('trước ngày 18/12/2026');
    const m = await readDocx((await get(`${BASE}/memo.docx`)).rawPayload);
    expect(m.text).toContain('Kính gửi:\n- Trưởng ban;\n- Tổ thư ký.');
    expect(m.text).toContain('2025-annual: Không nộp');
    expect(m.text).toContain('trước ngày 17/12/2026'); // five working days after Thursday 10/12/2026
  });

  it('the committee reads the drafts but cannot save; bad input is refused and nothing is saved', async () => {
    expect((await committeeGet(`${BASE}/report.docx`)).statusCode).toBe(200);
    const committee = await signInWithForms(app, fixture.db.prisma, 'committee', { now: NOW });
    expect((await save(SECTIONS, committee)).statusCode).toBe(403);
    expect((await save({ ...SECTIONS, intro: 'x'.repeat(50_001) })).statusCode).toBe(400);
    const { signerName: _n, ...withoutSigner } = SECTIONS;
    expect((await save(withoutSigner)).statusCode).toBe(400);
    expect((await get(`${BASE}/dispatch.docx?han=31/02/2026`)).statusCode).toBe(404);
    expect((await get(`/reports/${PLAN}/khong-co/report.docx`)).statusCode).toBe(404);
    expect((await draftVersions(fixture.db.prisma, `${PLAN}/2026-annual`)).length).toBe(2);
  });

  it('section IV: a unit\'s text edited on the page is kept across regenerations and printed; an unedited one follows the unit\'s latest version', async () => {
    const cycleId = `${PLAN}/2026-annual`;
    const field = (body: string, code: string) => body.match(new RegExp(`<textarea id="iv-${code}" name="iv:${code}"[^>]*>([^<]*)</textarea>`))?.[1];
    const page = (await get(BASE)).body;
    // Offered under the unit's name: its comment, then the text read from its DOCX.
    expect(field(page, 'so-noi-vu')).toMatch(/^Bản bổ sung[^]*\n\nSở Nội vụ đã tập huấn 120 cán bộ, trong đó 70 nữ\.$/);
    const yTe = field(page, 'so-y-te')!;
    expect(yTe).toBe('Không có nội dung phát sinh'); // its "nothing to report" comment
    const edited = 'Sở Nội vụ: đã tập huấn 120 cán bộ (70 nữ), văn phòng biên tập.\nHoàn thành kế hoạch năm.';
    // Sở Y tế's field sent back unchanged (with the CRLF a browser sends): not an edit.
    const saved = await save({ ...SECTIONS, 'iv:so-noi-vu': edited.replace(/\n/g, '\r\n'), 'iv:so-y-te': `${yTe}\r\n`, 'iv:so-tai-chinh': '' });
    expect(saved.statusCode).toBe(303);
    const latest = (await draftVersions(fixture.db.prisma, cycleId))[0]!;
    const noiVu = await fixture.db.prisma.submission.findFirstOrThrow({ where: { obligationId: `${cycleId}/so-noi-vu` }, orderBy: { receivedAt: 'desc' } });
    expect(latest.sections.unitTexts).toStrictEqual({ 'so-noi-vu': { text: edited, submissionId: noiVu.id } });
    expect(field((await get(BASE)).body, 'so-noi-vu')).toBe(edited);

    const iv = async (url: string) => {
      const v = await readDocx((await get(url)).rawPayload);
      return v.text.slice(v.text.indexOf('IV. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ'), v.text.indexOf('V. ĐƠN VỊ CHƯA BÁO CÁO'));
    };
    let text = await iv(`${BASE}/report.docx`);
    expect(text).toContain(`1. Sở Nội vụ (gửi ngày 26/11/2026)\n${edited}\nTệp báo cáo: bao-cao-snv.docx`);
    expect(text).not.toContain('Nội dung trích từ tệp bao-cao-snv.docx');
    expect(text).toContain('3. Sở Y tế (gửi ngày 26/11/2026)\nĐơn vị xác nhận không có nội dung báo cáo trong kỳ.\nKhông có nội dung phát sinh');
    const print = (await get(`${BASE}/print`)).body;
    expect(print).toContain('<p class="body">Sở Nội vụ: đã tập huấn 120 cán bộ (70 nữ), văn phòng biên tập.</p><p class="body">Hoàn thành kế hoạch năm.</p>');
    expect(print).not.toContain('Sở Nội vụ đã tập huấn 120 cán bộ, trong đó 70 nữ.');

    // Both units send a newer version: Sở Y tế's text follows it; Sở Nội vụ's edit stays, marked stale on the page.
    for (const [unit, comment] of [['so-y-te', 'Sở Y tế: bản cập nhật ngày 09/12.'], ['so-noi-vu', 'Sở Nội vụ: bản cập nhật.']] as const) {
      await recordSubmission(fixture.db.prisma, { submissionId: crypto.randomUUID(), obligationId: `${cycleId}/${unit}`, comment, channel: 'web', kind: 'report', receivedAt: new Date('2026-12-09T02:00:00Z') });
    }
    text = await iv(`${BASE}/report.docx`);
    expect(text).toContain('Sở Y tế: bản cập nhật ngày 09/12.');
    expect(text).not.toContain('Không có nội dung phát sinh');
    expect(text).toContain(edited.split('\n')[0]);
    expect(text).not.toContain('Sở Nội vụ: bản cập nhật.');
    const after = (await get(BASE)).body;
    expect(after).toMatch(/<div class="unit-text" data-unit="so-noi-vu" data-edited="1">[^]*?data-stale="1"/);
    expect(field(after, 'so-y-te')).toBe('Sở Y tế: bản cập nhật ngày 09/12.');
    // A blank field gives the unit's own text back.
    await save({ ...SECTIONS, 'iv:so-noi-vu': '' });
    expect((await draftVersions(fixture.db.prisma, cycleId))[0]!.sections.unitTexts).toBeUndefined();
    expect(await iv(`${BASE}/report.docx`)).toContain('Sở Nội vụ: bản cập nhật.');
    // The version with the edit still prints it.
    expect(await iv(`${BASE}/report.docx?version=${latest.version}`)).toContain(edited.split('\n')[0]);
    // A unit's text longer than a section may be is refused, nothing saved.
    const count = (await draftVersions(fixture.db.prisma, cycleId)).length;
    expect((await save({ ...SECTIONS, 'iv:so-y-te': 'x'.repeat(50_001) })).statusCode).toBe(400);
    expect((await draftVersions(fixture.db.prisma, cycleId)).length).toBe(count);
  });

  it('a draft saved before section IV was editable (no unitTexts) reads as before; a wrongly shaped one is a located error', async () => {
    const cycleId = `${PLAN}/2026-annual`;
    const old = { number: 'Số: 9/BC', intro: 'Mở đầu cũ.', proposals: 'Đề xuất cũ.', signerTitle: 'Chánh Văn phòng', signerName: 'Trần Thị B' };
    await fixture.db.prisma.reportDraft.create({ data: { cycleId, version: 50, sections: old, savedBy: 'office', savedAt: NOW } });
    const d = await draftVersion(fixture.db.prisma, cycleId, 50);
    expect(d!.sections).toStrictEqual(old);
    expect((await get(`${BASE}?version=50`)).body).toContain('<textarea id="iv-so-y-te" name="iv:so-y-te"');
    const v = await readDocx((await get(`${BASE}/report.docx?version=50`)).rawPayload);
    expect(v.text).toContain('Đề xuất cũ.');
    expect(v.text).toContain('Sở Y tế: bản cập nhật ngày 09/12.');
    await fixture.db.prisma.reportDraft.create({ data: { cycleId, version: 51, sections: { ...old, unitTexts: { 'so-y-te': 'chỉ là chuỗi' } }, savedBy: 'office', savedAt: NOW } });
    await expect(draftVersion(fixture.db.prisma, cycleId, 51)).rejects.toThrow(/ReportDraft\.sections.*2026-annual#51.*unitTexts/);
  });
});
