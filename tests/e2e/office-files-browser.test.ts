// The standing office, in real headless Chromium, signs in, opens a unit's page in a cycle, reads the
// figures of each version, and downloads the unit's PDF (a real one, printed by Chromium) and XLSX:
// the bytes saved are the bytes the unit sent, under their Vietnamese names. Screenshots go to
// test-artifacts/screenshots/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { APIResponse, Download, Page } from 'playwright-core';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { readSheet, rowValues } from '../helpers/read-workbook.ts';
import { unitsWithFiles, type UnitFiles } from '../helpers/unit-files.ts';

// A browser on a machine shared with other work: each test and hook may take this long.
jest.setTimeout(120_000);

const UNIT_PAGE = '/cycles/test-2026/2026-annual/units/so-noi-vu';

describe('the office reads a unit\'s files in a browser', () => {
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let u: UnitFiles;
  let base: string;
  let pdf: Buffer;

  beforeAll(async () => {
    chromium = await launchChromium();
    // A real PDF, as a unit's office software prints one.
    const printer = await chromium.browser.newPage();
    await printer.setContent('<h1>Báo cáo tổng kết năm 2026</h1><p>Sở Nội vụ: số vụ việc 1.234.</p>');
    pdf = await printer.pdf({ format: 'A4' });
    await printer.close();
    u = await unitsWithFiles({ pdf });
    base = await u.p.app.listen({ host: '127.0.0.1', port: 0 });
    await createTestUser(u.p.db.prisma, 'office', { email: 'van.thu@test.dondoc.invalid' });
  });
  afterAll(async () => {
    await chromium?.close();
    await u?.close();
  });

  /**
   * Clicks a file link as a person does and saves the download; the same address fetched again with
   * the page's cookies gives the server's headers (a link with `download` raises no page response).
   */
  async function download(page: Page, link: ReturnType<Page['locator']>): Promise<{ file: Download; response: APIResponse; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = path.join(ARTIFACTS, `office-download-${Date.now()}`);
    await file.saveAs(saved);
    const bytes = await fs.readFile(saved);
    await fs.rm(saved, { force: true });
    const response = await page.request.get(new URL((await link.getAttribute('href'))!, base).href);
    return { file, response, bytes };
  }

  it('signs in, opens the unit\'s page, reads the figures and downloads the PDF and the XLSX', async () => {
    const context = await chromium.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}${UNIT_PAGE}`);
    // Not signed in: the sign-in page first, which leads back to the unit's page.
    await page.locator('#email').fill('van.thu@test.dondoc.invalid');
    await page.locator('#password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(new RegExp(`${UNIT_PAGE}$`)), page.getByRole('button', { name: /Đăng nhập/ }).click()]);
    expect(await page.locator('h1').innerText()).toBe('Sở Nội vụ');

    // Both versions, each with its figures as the unit entered them.
    const v1 = page.locator('section[data-version="1"]');
    const v2 = page.locator('section[data-version="2"]');
    expect(await v1.locator('tr[data-figure="so-vu-viec"] td').innerText()).toBe('1.234 vụ');
    expect(await v2.locator('tr[data-figure="so-vu-viec"] td').innerText()).toBe('1.250 vụ');
    expect(await v2.locator('tr[data-figure="kinh-phi"] td').innerText()).toBe('13,75 triệu đồng');
    expect(await v1.locator('.submission-text').innerText()).toMatch(/Dòng cuối: <b>hết<\/b>\.$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'office-unit-files.png'), fullPage: true });

    const got = await download(page, v1.locator('.report-file a[download]'));
    expect(got.response.status()).toBe(200);
    expect(got.response.headers()['content-disposition']).toBe(`attachment; filename="Bao cao nam 2026.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20n%C4%83m%202026.pdf`);
    // See tests/e2e/browser-submit.test.ts: Chromium's suggested name is pinned whenever it reports one.
    if (got.file.suggestedFilename() !== 'download') expect(got.file.suggestedFilename()).toBe('Báo cáo năm 2026.pdf');
    expect(got.bytes.equals(pdf)).toBe(true);
    expect((await got.response.body()).equals(pdf)).toBe(true);
    expect(got.response.headers()['x-content-type-options']).toBe('nosniff');

    const sheet = await download(page, v2.locator('.report-file a[download]'));
    expect(sheet.response.status()).toBe(200);
    if (sheet.file.suggestedFilename() !== 'download') expect(sheet.file.suggestedFilename()).toBe('Số liệu đợt 2; bản cuối.xlsx');
    expect(sheet.bytes.equals(u.noiVu.v2.bytes)).toBe(true);
    // the workbook opens, with the unit's figures in it
    const workbook = await readSheet(sheet.bytes);
    expect(rowValues(workbook, 3, 2)).toStrictEqual(['Kinh phí (triệu đồng)', 13.75]);
    await context.close();
  });
});
