// A focal person, in real headless Chromium, opens the personal link from the reminder the SMTP
// server received, submits the report and sees the receipt; the office's page then shows it.
// Screenshots go to test-artifacts/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { after, before, describe, it } from 'node:test';
import { addDays, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { personalLink } from '../helpers/http.ts';
import { samples } from '../helpers/uploads.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

describe('submitting in a browser', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;

  before(async () => {
    [stack, chromium] = await Promise.all([startStack('browser'), launchChromium()]);
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'browser-2026', dueDate: addDays(today, 12), opensOn: today });
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(async () => {
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
      assert.equal(await page.locator('h1').textContent(), 'Báo cáo tổng kết năm 2026');
      assert.match(await page.locator('body').innerText(), /Sở Nội vụ/);
      assert.match(await page.locator('body').innerText(), /còn 7 ngày/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-form.png'), fullPage: true });

      // An empty form (no file, no text) comes back with the page's message: nothing is stored.
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      await page.locator('[role="alert"]').waitFor();
      assert.match(await page.locator('[role="alert"]').innerText(), /Vui lòng nhập nội dung báo cáo hoặc đính kèm tệp/);
      assert.equal(await stack.db.prisma.submission.count(), 0);

      await page.locator('#comment').fill('Báo cáo tổng kết năm 2026 của Sở Nội vụ: đã hoàn thành các chỉ tiêu.');
      await Promise.all([page.waitForURL(/\/receipt\//), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      const receipt = await page.locator('body').innerText();
      assert.match(receipt, /Biên nhận/);
      assert.match(receipt, /Đúng hạn/);
      assert.match(receipt, /[0-9a-f]{64}/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'receipt.png'), fullPage: true });

      await stack.catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Biên nhận]')));

      // A new version with the report file: the receipt names the file; the page lists both versions.
      await page.goto(personalLink(reminder));
      await page.locator('#reportFile').setInputFiles({ name: 'Báo cáo Sở Nội vụ.pdf', mimeType: 'application/pdf', buffer: samples.pdf('Sở Nội vụ') });
      await Promise.all([page.waitForURL(/\/receipt\//), page.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      assert.match(await page.locator('#receipt-file').innerText(), /Báo cáo Sở Nội vụ\.pdf/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'receipt-file.png'), fullPage: true });
      await page.goto(personalLink(reminder));
      assert.equal(await page.locator('#versions tbody tr').count(), 2);

      // The English switch: the same page, in English only, and back.
      await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: 'English' }).click()]);
      const english = await page.locator('main').innerText();
      assert.match(english, /Deadline/);
      assert.doesNotMatch(english, /Hạn nộp/);
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-page-english.png'), fullPage: true });
      await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: 'Tiếng Việt' }).click()]);
      assert.match(await page.locator('main').innerText(), /Hạn nộp/);

      const office = await chromium.browser.newPage();
      await createTestUser(stack.db.prisma, 'committee', { email: 'thuong.truc@test.dondoc.invalid' });
      await office.goto(`${stack.publicUrl}/cycles/browser-2026/2026-annual`);
      // Not signed in: the sign-in page first, which leads back to the cycle.
      await office.locator('#email').fill('thuong.truc@test.dondoc.invalid');
      await office.locator('#password').fill(TEST_PASSWORD);
      await Promise.all([office.waitForURL(/\/cycles\/browser-2026\/2026-annual$/), office.getByRole('button', { name: /Đăng nhập/ }).click()]);
      assert.equal(await office.locator('tr[data-unit="so-noi-vu"]').getAttribute('data-status'), 'submitted_on_time');
      assert.equal(await office.locator('[data-rate="reporting"]').innerText(), '1/3');
      await office.screenshot({ path: path.join(ARTIFACTS, 'office-cycle.png'), fullPage: true });

      // The table as XLSX, downloaded as a person does: a real XLSX (a ZIP with the sheet) naming the unit.
      const [download] = await Promise.all([office.waitForEvent('download'), office.getByRole('link', { name: /Tải bảng \(XLSX\)/ }).click()]);
      assert.match(download.suggestedFilename(), /\.xlsx$/);
      const file = path.join(ARTIFACTS, download.suggestedFilename());
      await download.saveAs(file);
      const sheet = unzipSync(new Uint8Array(await fs.readFile(file)))['xl/worksheets/sheet1.xml'];
      assert.ok(sheet, 'the workbook has its sheet');
      assert.match(strFromU8(sheet), /Sở Nội vụ/);
    });
  });
});
