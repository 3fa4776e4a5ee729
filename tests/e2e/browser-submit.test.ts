// A focal person, in real headless Chromium, opens the personal link from the reminder the SMTP
// server received, submits the report and sees the receipt; the office's page then shows it.
// Screenshots go to test-artifacts/screenshots/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { personalLink } from '../helpers/http.ts';
import { readSheet } from '../helpers/read-workbook.ts';
import { samples } from '../helpers/uploads.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

describe('submitting in a browser', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    [{ stack, cycle }, chromium] = await Promise.all([startStackWithCycle('browser', 'browser-2026'), launchChromium()]);
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('opens the link from the email, submits, gets a receipt on screen and by email', async () => {
    await stack.worker.runUntil(async () => {
      await startCycle(stack.dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      const mails = await stack.catcher.waitFor((all) => all.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]')).length === 3);
      const reminder = mails.find((m) => m.to.includes('an@noivu.test.dondoc.invalid'))!;

      const page = await chromium.browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
      await page.goto(personalLink(reminder));
      expect(await page.locator('h1').textContent()).toBe('Báo cáo tổng kết năm 2026');
      expect(await page.locator('body').innerText()).toMatch(/Sở Nội vụ/);
      expect(await page.locator('body').innerText()).toMatch(/còn 7 ngày/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-form.png'), fullPage: true });

      // An empty form (no file, no text) comes back with the page's message: nothing is stored.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      await page.locator('[role="alert"]').waitFor();
      expect(await page.locator('[role="alert"]').innerText()).toMatch(/Vui lòng nhập nội dung báo cáo hoặc đính kèm tệp/);
      expect(await stack.db.prisma.submission.count()).toBe(0);

      await page.locator('#comment').fill('Báo cáo tổng kết năm 2026 của Sở Nội vụ: đã hoàn thành các chỉ tiêu.');
      await Promise.all([page.waitForURL(/\/receipt\//), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      const receipt = await page.locator('body').innerText();
      expect(receipt).toMatch(/Biên nhận/);
      expect(receipt).toMatch(/Đúng hạn/);
      expect(receipt).toMatch(/[0-9a-f]{64}/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'receipt.png'), fullPage: true });

      await stack.catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Biên nhận]')));

      // A new version with the report file: the receipt names the file; the page lists both versions.
      await page.goto(personalLink(reminder));
      await page.locator('#reportFile').setInputFiles({ name: 'Báo cáo Sở Nội vụ.pdf', mimeType: 'application/pdf', buffer: samples.pdf('Sở Nội vụ') });
      await Promise.all([page.waitForURL(/\/receipt\//), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      expect(await page.locator('#receipt-file').innerText()).toMatch(/Báo cáo Sở Nội vụ\.pdf/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'receipt-file.png'), fullPage: true });
      await page.goto(personalLink(reminder));
      expect(await page.locator('#versions tbody tr').count()).toBe(2);

      // The English switch: the same page, in English only, and back.
      await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: 'English' }).click()]);
      const english = await page.locator('main').innerText();
      expect(english).toMatch(/Deadline/);
      expect(english).not.toMatch(/Hạn nộp/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-page-english.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: 'Tiếng Việt' }).click()]);
      expect(await page.locator('main').innerText()).toMatch(/Hạn nộp/);

      const office = await chromium.browser.newPage();
      await createTestUser(stack.db.prisma, 'committee', { email: 'thuong.truc@test.dondoc.invalid' });
      await office.goto(`${stack.publicUrl}/cycles/browser-2026/2026-annual`);
      // Not signed in: the sign-in page first, which leads back to the cycle.
      await office.locator('#email').fill('thuong.truc@test.dondoc.invalid');
      await office.locator('#password').fill(TEST_PASSWORD);
      await Promise.all([office.waitForURL(/\/cycles\/browser-2026\/2026-annual$/), office.getByRole('button', { name: /Đăng nhập/ }).click()]);
      expect(await office.locator('tr[data-unit="so-noi-vu"]').getAttribute('data-status')).toBe('submitted_on_time');
      expect(await office.locator('[data-rate="reporting"]').innerText()).toBe('1/3');
      await office.screenshot({ path: path.join(ARTIFACTS, 'office-cycle.png'), fullPage: true });

      // The table as XLSX, downloaded as a person does: a real XLSX (a ZIP with the sheet) naming the unit.
      const [download, response] = await Promise.all([
        office.waitForEvent('download'),
        office.waitForResponse((r) => r.url().endsWith('/export.xlsx')),
        office.getByRole('link', { name: /Tải bảng \(XLSX\)/ }).click(),
      ]);
      // The name the browser offers comes from the answer's Content-Disposition (ASCII and UTF-8 forms).
      // Chromium's own suggested name (Playwright's suggestedFilename) came back once as its default
      // "download" in a fresh-clone CI run (2/12/2026; cause not found; it passed in the 4 runs after), so the
      // header is what this test pins, and the suggested name whenever Chromium reports one.
      expect(response.status()).toBe(200);
      expect(await response.headerValue('content-disposition')).toMatch(/^attachment; filename="bao-cao-2026-annual\.xlsx"; filename\*=UTF-8''.+\.xlsx$/);
      if (download.suggestedFilename() !== 'download') expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const file = path.join(ARTIFACTS, 'bao-cao-2026-annual.xlsx');
      await download.saveAs(file);
      // the workbook has its sheet, with the unit in the column of names
      const sheet = await readSheet(await fs.readFile(file));
      expect(sheet.getCell('C1').value).toBe('Tên đơn vị');
      expect(sheet.getColumn(3).values).toContain('Sở Nội vụ');
    });
  });
});
