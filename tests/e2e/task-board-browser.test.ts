// The task board and a task's link in real Chromium (issue 14 §2): the lead unit reports its task done
// from the link in its reminder; the office's board then shows it done, the overdue task first and
// marked, and reorders by lead unit from its link. Real web app and SQLite; no Temporal needed.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext } from 'playwright-core';
import { savePlan } from '../../db/plans.ts';
import { issueTaskToken } from '../../db/tasks.ts';
import { taskId } from '../../domain/task-reminders.ts';
import { buildWebApp } from '../../web/app.ts';
import { signIn } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { taskPlan } from '../helpers/task-plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

jest.setTimeout(120_000);

const PLAN = 'tasks-browser-2026';
const NOW = new Date('2026-07-15T03:00:00Z');

describe('the task board in a browser', () => {
  let db: TestDb;
  let app: Awaited<ReturnType<typeof buildWebApp>>;
  let base: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;

  beforeAll(async () => {
    [db, chromium] = await Promise.all([freshDatabase(), launchChromium()]);
    const { plan, source } = taskPlan({
      id: PLAN,
      dueDate: '2026-12-15',
      opensOn: '2026-11-15',
      tasks: [
        { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', due: 'tháng 7/2026' },
        { ref: 'II.2', title: 'Tập huấn bình đẳng giới', lead: 'so-y-te', due: 'tháng 6/2026' },
        { ref: 'II.3', title: 'Hội nghị tổng kết', lead: 'ubnd-cao-loc', due: 'tháng 5/2026' },
      ],
    });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => NOW });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    context = await chromium.browser.newContext({ locale: 'vi-VN' });
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await app?.close();
    await db?.close();
  });

  it('a status sent from the task link shows on the board; overdue first; by lead unit on request', async () => {
    const token = await issueTaskToken(db.prisma, taskId(PLAN, 'II.3'), new Date('2026-09-30T00:00:00Z'));
    const unit = await context.newPage();
    await unit.goto(`${base}/t/${token}`);
    await unit.getByLabel('Đã hoàn thành').check();
    await unit.locator('#note').fill('Đã tổ chức hội nghị ngày 20/5');
    await Promise.all([unit.waitForURL(`${base}/t/${token}`), unit.locator('#task-form button[type="submit"]').click()]);
    expect(await unit.locator('#current-status').innerText()).toMatch(/Đã hoàn thành/);
    expect(await unit.locator('#task-reports').innerText()).toMatch(/Đã tổ chức hội nghị ngày 20\/5/);
    await unit.close();

    const [name, value] = (await signIn(db.prisma, 'office', { now: NOW, plans: [PLAN] })).split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
    const office = await context.newPage();
    await office.goto(`${base}/`);
    await Promise.all([office.waitForURL(`${base}/plans/${PLAN}/tasks`), office.getByRole('link', { name: /Theo dõi thực hiện nhiệm vụ/ }).click()]);
    const refs = () => office.locator('#tasks tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ref')));
    // II.2 ended 30/06 without a report: overdue, first; II.3 is done; II.1's period runs
    expect(await refs()).toStrictEqual(['II.2', 'II.3', 'II.1']);
    const overdue = office.locator('#tasks tr.overdue');
    expect(await overdue.count()).toBe(1);
    expect(await overdue.innerText()).toMatch(/Sở Y tế[\s\S]*Chưa báo cáo[\s\S]*quá hạn/);
    expect(await office.locator('tr[data-ref="II.3"]').innerText()).toMatch(/UBND huyện Cao Lộc[\s\S]*Đã hoàn thành[\s\S]*Đã tổ chức hội nghị ngày 20\/5/);
    expect(await office.locator('tr[data-ref="II.1"]').innerText()).toMatch(/01\/07\/2026 – [\s\S]*31\/07\/2026/);
    await office.screenshot({ path: path.join(ARTIFACTS, 'task-board.png'), fullPage: true });
    await Promise.all([office.waitForURL(`${base}/plans/${PLAN}/tasks?by=lead`), office.getByRole('link', { name: /đơn vị chủ trì/ }).click()]);
    // overdue first; then Sở Nội vụ, UBND huyện Cao Lộc
    expect(await refs()).toStrictEqual(['II.2', 'II.1', 'II.3']);
  });
});
