// In real headless Chromium: the standing office returns a unit's report for revision from the unit's
// page (reason, new last day typed dd/mm/yyyy), the unit follows the link in the return email, sees why
// and by when, and submits a new version; the office's page then shows both versions, the review of the
// first, and the unit as submitted. Time-skipping server, real workflows, SMTP and SQLite.
// Screenshots go to test-artifacts/screenshots/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, atLocalTime, formatDate } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { personalLink } from '../helpers/http.ts';
import { NOI_VU } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const UNIT_PAGE = '/cycles/review-browser-2026/2026-annual/units/so-noi-vu';

describe('returning a report for revision in a browser', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    [{ stack, cycle, lastDay }, chromium] = await Promise.all([startStackWithCycle('review-browser', 'review-browser-2026'), launchChromium()]);
    await createTestUser(stack.db.prisma, 'office', { email: 'chuyen.vien@test.dondoc.invalid' });
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it('the office returns it, the unit follows the email\'s link and submits again', async () => {
    const newLastDay = formatDate(addDays(lastDay, 5));
    await stack.worker.runUntil(async () => {
      await startCycle(stack.dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      const mails = await stack.catcher.waitFor((all) => all.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]')).length === 3);
      const reminder = mails.find((m) => m.to.includes(NOI_VU))!;

      // The unit's first version.
      const unit = await chromium.browser.newPage({ viewport: { width: 390, height: 844 } });
      await unit.goto(personalLink(reminder));
      await unit.locator('#comment').fill('Báo cáo năm 2026 (bản đầu).');
      await Promise.all([unit.waitForURL(/\/receipt\//), unit.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      await stack.catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Biên nhận]') && m.to.includes(NOI_VU)));

      // The office signs in on the unit's page (again after days skipped: the session expired) and returns the report.
      const office = await chromium.browser.newPage();
      const openUnitPage = async () => {
        await office.goto(`${stack.publicUrl}${UNIT_PAGE}`);
        if (!(await office.locator('#email').count())) return;
        await office.locator('#email').fill('chuyen.vien@test.dondoc.invalid');
        await office.locator('#password').fill(TEST_PASSWORD);
        await Promise.all([office.waitForURL(new RegExp(`${UNIT_PAGE}$`)), office.getByRole('button', { name: /Đăng nhập/ }).click()]);
      };
      await openUnitPage();
      await office.locator('#review summary').click();
      await office.locator('#review input[name="reason"]').fill('Thiếu biểu tổng hợp kinh phí');
      await office.locator('#review input[name="lastDay"]').pressSequentially(newLastDay.replace(/\//g, '')); // the field adds the slashes
      expect(await office.locator('#review input[name="lastDay"]').inputValue()).toBe(newLastDay);
      await office.screenshot({ path: path.join(ARTIFACTS, 'office-return-form.png'), fullPage: true });
      await Promise.all([office.waitForURL(/done=returned/), office.getByRole('button', { name: /Trả lại để hoàn thiện/ }).click()]);
      expect(await office.locator('[role="status"]').innerText()).toMatch(/Đã trả lại báo cáo để hoàn thiện/);
      expect(await office.locator('td[data-status]').getAttribute('data-status')).toBe('returned');

      // Days later, after the original last day and before the new one, the unit follows the link in the return email.
      await stack.skipTo(atLocalTime(addDays(lastDay, 1), '09:00'));
      const [returned] = (await stack.catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Trả lại báo cáo]')))).filter((m) => m.subject.startsWith('[Trả lại báo cáo]'));
      expect(returned!.to).toContain(NOI_VU);
      await unit.goto(personalLink(returned!));
      const notice = await unit.locator('#returned').innerText();
      expect(notice).toMatch(/Thiếu biểu tổng hợp kinh phí/);
      expect(notice).toContain(newLastDay);
      expect(await unit.locator('#versions tbody tr').first().innerText()).toMatch(/bị trả lại/);
      await unit.screenshot({ path: path.join(ARTIFACTS, 'unit-returned.png'), fullPage: true });
      await unit.locator('#comment').fill('Báo cáo năm 2026, đã bổ sung biểu tổng hợp kinh phí.');
      await Promise.all([unit.waitForURL(/\/receipt\//), unit.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
      // after the original last day, by the new one, and the first version was on time: on time (README)
      expect(await unit.locator('body').innerText()).toMatch(/Đúng hạn/);
      await stack.catcher.waitFor((all) => all.filter((m) => m.subject.startsWith('[Biên nhận]') && m.to.includes(NOI_VU)).length === 2);

      // The office's page: two versions, the first returned with its reason, the unit submitted on time.
      await openUnitPage();
      expect(await office.locator('td[data-status]').getAttribute('data-status')).toBe('submitted_on_time');
      expect(await office.locator('section[data-version]').count()).toBe(2);
      expect(await office.locator('section[data-version="1"] tr[data-review="return"]').innerText()).toMatch(/Thiếu biểu tổng hợp kinh phí/);
      expect(await office.locator('section[data-version="2"] tr[data-review]').count()).toBe(0);
      // the new version awaits its review
      expect(await office.locator('#review input[name="submissionId"]').first().getAttribute('value')).toBe(await office.locator('section[data-version="2"]').getAttribute('data-submission'));
      await office.screenshot({ path: path.join(ARTIFACTS, 'office-after-resubmission.png'), fullPage: true });
    });
  });
});
