// A one-off request made from the web, end to end on the time-skipping server: the office fills the
// form on the plan, the request's cycle starts through the engine and reaches the three units by email
// at once (real SMTP mailbox), shows on its dashboard, takes a report through a unit's link and an
// extension from the office (from the request's stored definition: the plan file has no such cycle),
// and runs to its close with the overdue notices and the committee's escalation like any cycle. Then
// the same from the form in Chromium.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, formatDate } from '../../domain/calendar.ts';
import { TEST_PASSWORD, createTestUser } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { browserSession, personalLink, submitThroughLink } from '../helpers/http.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

jest.setTimeout(180_000);

const TITLE = 'Báo cáo kết quả kiểm tra và các kiến nghị, đề xuất';

describe('a one-off request from the web', () => {
  let stack: Stack;
  let today: string;
  beforeAll(async () => {
    // The plan's own cycle is stored but never started here: only the request runs.
    ({ stack, today } = await startStackWithCycle('one-off-request', 'req-web', { dueInDays: 40 }));
  });
  afterAll(() => stack?.close());

  it('reaches the three units by email, shows on its dashboard and runs like any cycle', async () => {
    const { catcher, db } = stack;
    const user = await createTestUser(db.prisma, 'office');
    const office = browserSession(stack.publicUrl);
    const signIn = async () => expect((await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin')).status).toBe(303);
    const lastDay = addDays(today, 6);
    const key = `req-${lastDay.replaceAll('-', '')}-bao-cao-ket-qua-kiem-tra-va-cac-kien-nghi-de`; // whole words, 60 characters at most
    const dashboard = `/cycles/req-web/${key}`;
    const mails = (prefix: string, to?: string) => catcher.messages().filter((m) => m.subject.startsWith(prefix) && m.subject.includes(TITLE) && (!to || m.to.includes(to)));

    await stack.worker.runUntil(async () => {
      await signIn();
      const form = await office.get('/plans/req-web/requests/new?preset=inspection');
      expect(form.status).toBe(200);
      const created = await office.post(
        '/plans/req-web/requests',
        { preset: 'inspection', title: TITLE, by: 'units', codes: ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc'], lastDay: formatDate(lastDay), figures: 'so-cuoc-kiem-tra:Số cuộc kiểm tra:cuộc:integer' },
        '/plans/req-web/requests/new?preset=inspection',
      );
      // on failure, look at: created.body
      expect(created.status).toBe(303);
      expect(created.location).toBe(dashboard);

      // At once, each unit's focal person gets the request with its personal link.
      await catcher.waitFor(() => mails('[Nhắc nộp báo cáo]').length === 3);
      for (const to of [NOI_VU, Y_TE, CAO_LOC]) expect(mails('[Nhắc nộp báo cáo]', to).length).toBe(1);
      expect(mails('[Nhắc nộp báo cáo]')[0]!.subject).toContain(`hạn ${formatDate(lastDay)}`);

      const page = await office.get(dashboard);
      expect(page.body).toContain(TITLE);
      expect(page.body).toMatch(/data-rate="reporting">0\/3</);
      expect((await office.get('/')).body).toContain(`data-one-off="${key}"`);

      // Sở Nội vụ reports through its link, with the figure the request asks for on its page.
      const link = personalLink(mails('[Nhắc nộp báo cáo]', NOI_VU)[0]!);
      expect(await (await fetch(link)).text()).toContain('Số cuộc kiểm tra');
      const { submissionId } = await submitThroughLink(link, 'Đã kiểm tra 4 sở và 8 huyện', { 'fig_so-cuoc-kiem-tra': '12' });
      expect((await db.prisma.submission.findUniqueOrThrow({ where: { id: submissionId } })).figures).toStrictEqual({ 'so-cuoc-kiem-tra': 12 });
      await catcher.waitFor(() => catcher.messages().some((m) => m.subject.startsWith('[Biên nhận]') && m.to.includes(NOI_VU)));
      expect((await office.get(dashboard)).body).toMatch(/data-rate="reporting">1\/3</);

      // The office extends Sở Y tế by three days: the engine takes the schedule from the stored request.
      const unit = `${dashboard}/units/so-y-te`;
      const extended = await office.post(`${unit}/extend`, { lastDay: addDays(lastDay, 3), reason: 'Chờ kết quả đoàn kiểm tra' }, unit);
      // on failure, look at: extended.body
      expect(extended.status).toBe(303);
      expect((await office.get(unit)).body).toMatch(/data-status="extended"/);

      const result = await stack.dondoc.client.workflow.getHandle(`req-web/${key}`).result();
      expect({ expected: result.summary.expected, onTime: result.summary.onTime }).toStrictEqual({ expected: 3, onTime: 1 });
    });
    // Cao Lộc missed the request: its overdue notice, and the committee's escalation names it.
    expect(catcher.messages().filter((m) => m.to.includes(CAO_LOC) && m.subject.includes(TITLE) && !m.subject.startsWith('[Nhắc nộp báo cáo]')).length).toBeGreaterThanOrEqual(1);
    const escalations = mails('[Báo cáo Thường trực Ban]');
    expect(escalations.length).toBeGreaterThanOrEqual(1);
    expect(escalations[0]!.text).toContain('UBND huyện Cao Lộc');
    // The plan's own cycle never started: no email names it.
    expect(catcher.messages().some((m) => m.subject.includes('Báo cáo tổng kết năm 2026'))).toBe(false);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'request_create', target: `req-web/${key}` } });
    expect(audit.actor).toBe(user.id);
  });

  it('in a browser: from the plans page, a preset, every district, a wrong day corrected, to the dashboard', async () => {
    const chromium = await launchChromium();
    try {
      const user = await createTestUser(stack.db.prisma, 'office', { email: 'van.phong@test.dondoc.invalid' });
      const page = await chromium.browser.newPage();
      await page.goto(`${stack.publicUrl}/`);
      await page.locator('#email').fill(user.email);
      await page.locator('#password').fill(TEST_PASSWORD);
      await Promise.all([page.waitForURL(/\/$/), page.getByRole('button', { name: /Đăng nhập/ }).click()]);
      await Promise.all([page.waitForURL(/\/plans\/req-web\/requests\/new$/), page.getByRole('link', { name: /Tạo yêu cầu báo cáo riêng/ }).click()]);
      await Promise.all([page.waitForURL(/preset=work-plan$/), page.getByRole('link', { name: /Kế hoạch công tác và dự toán kinh phí/ }).click()]);
      const title = await page.locator('input[name="title"]').inputValue();
      expect(title).toMatch(/^Kế hoạch công tác năm \d{4} và dự toán kinh phí$/);
      expect(await page.locator('textarea[name="figures"]').inputValue()).toMatch(/^du-toan-duoc-giao:Dự toán kinh phí được giao:đồng:integer$/m);
      await page.locator('input[name="by"][value="kind"]').check();
      await page.locator('select[name="kind"]').selectOption('district');
      // A day that does not exist: the form comes back with the reason and what was typed.
      await page.locator('input[name="lastDay"]').fill('31/02/2031');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: /Tạo yêu cầu/ }).click()]);
      expect(await page.locator('[role="alert"]').innerText()).toMatch(/Không có ngày 31\/02\/2031 trong lịch/);
      expect(await page.locator('input[name="title"]').inputValue()).toBe(title);
      expect(await page.locator('input[name="by"][value="kind"]').isChecked()).toBe(true);
      await page.locator('input[name="lastDay"]').fill(formatDate(addDays(today, 9)));
      await Promise.all([page.waitForURL(/\/cycles\/req-web\/req-\d{8}-ke-hoach-cong-tac-nam-\d{4}-va-du-toan-kinh-phi$/), page.getByRole('button', { name: /Tạo yêu cầu/ }).click()]);
      expect(await page.locator('[data-rate="reporting"]').innerText()).toBe('0/1');
      expect(await page.locator('tr[data-unit="ubnd-cao-loc"]').count()).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS, 'one-off-request.png'), fullPage: true });
    } finally {
      await chromium.close();
    }
  });
});
