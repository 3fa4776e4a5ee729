// Issue 14 §3 in real headless Chromium: the office signs in and opens the compiled report's page of a
// cycle where units reported (figures, one with a Word file), sees the indicator table, edits section
// VI and one unit's text in section IV (offered filled with the text read from its Word file), saves;
// regenerates (reloads the page after a unit sent a newer version, downloads again) and finds both
// kept; downloads report.docx through the page's link and reads it with python-docx (the reader of the
// e2e compiled-report test): the edited text is in it, the Word file's own text is not.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { obligationId } from '../../domain/ids.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { blobPath } from '../../web/uploads/store.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { INDICATOR_PLAN as P, indicatorPlan } from '../helpers/indicator-plan.ts';
import { startPortal, type Portal } from '../helpers/portal.ts';
import { readDocx, tables } from '../helpers/read-docx.ts';

// A browser on a machine shared with other work: each test and hook may take this long.
jest.setTimeout(120_000);

const CYCLE = '2026-6-thang';
const PAGE = `/reports/${P}/${CYCLE}`;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const WORD_TEXT = 'Sở Nội vụ: 6 tháng đầu năm, 55,5% cơ quan có lãnh đạo chủ chốt là nữ.';
const EDITED = 'Sở Nội vụ (văn phòng biên tập): 55,5% cơ quan có lãnh đạo chủ chốt là nữ, chưa đạt chỉ tiêu 60%.\nĐề nghị các sở, ngành quan tâm quy hoạch cán bộ nữ.';
const PROPOSALS = 'Đề nghị UBND tỉnh chỉ đạo các sở, ngành bố trí cán bộ nữ vào vị trí lãnh đạo.';

describe('the compiled report\'s page in a browser', () => {
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let p: Portal;
  let base: string;
  const send = (unit: string, at: string, comment: string, more: Partial<Parameters<typeof recordSubmission>[1]> = {}) =>
    recordSubmission(p.db.prisma, { submissionId: crypto.randomUUID(), obligationId: obligationId(P, CYCLE, unit), comment, channel: 'web', receivedAt: new Date(at), ...more });

  beforeAll(async () => {
    chromium = await launchChromium();
    p = await startPortal({ plan: indicatorPlan(), now: new Date('2026-06-10T03:00:00Z') });
    base = await p.app.listen({ host: '127.0.0.1', port: 0 });
    await createTestUser(p.db.prisma, 'office', { email: 'bao.cao@test.dondoc.invalid' });
    // Sở Nội vụ: 1.1 with its Word report; Sở Lao động: 1.2 by sex. Sở Y tế does not report.
    const word = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ children: [new TextRun(WORD_TEXT)] })] }] }));
    const sha256 = crypto.createHash('sha256').update(word).digest('hex');
    const file = blobPath(p.uploadsDir, sha256)!;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, word);
    await send('so-noi-vu', '2026-06-02T02:00:00Z', 'Báo cáo 6 tháng của Sở Nội vụ', {
      file: { sha256, name: 'bao-cao-so-noi-vu.docx', size: word.length, contentType: DOCX },
      indicatorFigures: [{ key: 'ct-1-1', forCycleId: `${P}/${CYCLE}`, value: 55.5, estimate: false }],
    });
    await send('so-ldtbxh', '2026-06-03T02:00:00Z', 'Sở Lao động: đào tạo nghề cho 1.200 người.', {
      indicatorFigures: [{ key: 'ct-1-2', forCycleId: `${P}/${CYCLE}`, value: 1200, female: 700, male: 500, estimate: false }],
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await p?.close();
  });

  it('the office edits section VI and a unit\'s text, saves, regenerates, and downloads the DOCX with its edit', async () => {
    const context = await chromium.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}${PAGE}`);
    await page.locator('#email').fill('bao.cao@test.dondoc.invalid');
    await page.locator('#password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(new RegExp(`${PAGE}$`)), page.getByRole('button', { name: /Đăng nhập/ }).click()]);

    // The indicator table, as section II will print it.
    const row = (n: string) => page.locator(`#indicators tr[data-indicator="${n}"]`);
    expect(await row('1.1').locator('td').nth(4).innerText()).toBe('55,5 %');
    expect(await row('1.1').getAttribute('data-result')).toBe('not-met');
    expect(await row('1.2').locator('td').nth(4).innerText()).toMatch(/^1\.200 người\s*nữ 700, nam 500/);
    expect(await row('2.1').getAttribute('data-result')).toBe('no-data');

    // Section IV: Sở Nội vụ's field holds its comment and the text read from its Word file.
    const noiVu = page.locator('textarea[name="iv:so-noi-vu"]');
    expect(await noiVu.inputValue()).toBe(`Báo cáo 6 tháng của Sở Nội vụ\n\n${WORD_TEXT}`);
    expect(await page.locator('textarea[name="iv:so-ldtbxh"]').inputValue()).toBe('Sở Lao động: đào tạo nghề cho 1.200 người.');
    await noiVu.fill(EDITED);
    await page.locator('textarea[name="proposals"]').fill(PROPOSALS);
    await Promise.all([page.waitForURL(new RegExp(`${PAGE}\\?version=1$`)), page.getByRole('button', { name: /Lưu thành phiên bản mới/ }).click()]);
    expect(await page.locator('#versions li').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-page.png'), fullPage: true });

    // Sở Lao động sends a newer version; the office regenerates from the latest draft.
    await send('so-ldtbxh', '2026-06-04T02:00:00Z', 'Sở Lao động: bản bổ sung, đào tạo nghề cho 1.250 người.', {
      indicatorFigures: [{ key: 'ct-1-2', forCycleId: `${P}/${CYCLE}`, value: 1250, female: 720, male: 530, estimate: false }],
    });
    await page.goto(`${base}${PAGE}`);
    expect(await noiVu.inputValue()).toBe(EDITED);
    expect(await page.locator('textarea[name="proposals"]').inputValue()).toBe(PROPOSALS);
    expect(await page.locator('textarea[name="iv:so-ldtbxh"]').inputValue()).toBe('Sở Lao động: bản bổ sung, đào tạo nghề cho 1.250 người.');
    expect(await page.locator('.unit-text[data-unit="so-noi-vu"]').getAttribute('data-edited')).toBe('1');
    expect(await row('1.2').locator('td').nth(4).innerText()).toMatch(/^1\.250 người/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#downloads a', { hasText: 'Tải báo cáo (DOCX)' }).click()]);
    const file = await download.path();
    const v = await readDocx(await fs.readFile(file));
    const iv = v.text.slice(v.text.indexOf('IV. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ'), v.text.indexOf('V. ĐƠN VỊ CHƯA BÁO CÁO'));
    expect(iv).toContain(`Sở Nội vụ (gửi ngày 02/06/2026)\n${EDITED}\nTệp báo cáo: bao-cao-so-noi-vu.docx`);
    expect(v.text).not.toContain(WORD_TEXT);
    expect(iv).toContain('Sở Lao động: bản bổ sung, đào tạo nghề cho 1.250 người.');
    expect(v.text.slice(v.text.indexOf('VI. ĐỀ XUẤT, KIẾN NGHỊ'))).toContain(PROPOSALS);
    // The figures refreshed: 1.2's newer value, and its province total (the plan's aggregate: sum).
    const indicators = tables(v).find((t) => t[0]![1] === 'Chỉ tiêu')!;
    expect(indicators.find((r) => r[1]!.startsWith('2. Số người được đào tạo nghề'))![3]).toBe('1.250 người (nữ 720, nam 530)\nToàn tỉnh: 1.250 người (nữ 720, nam 530; tổng của 1 đơn vị)');
    const missing = tables(v).find((t) => t[0]![4] === 'Tình trạng')!;
    expect(missing.slice(1).map((r) => r[1])).toStrictEqual(['Sở Y tế']);
    await context.close();
  });
});
