// Days typed in a real browser whose locale is English (US): an <input type=date> would show and take
// mm/dd/yyyy there, so 05/06/2027 would become 6 May. The pages' day fields are dd/mm/yyyy text fields:
// the unit types 05/06/2027 in its extension request and 5 June 2027 is stored and shown back as
// dd/mm/yyyy with its weekday; an impossible day comes back with the message and the text as typed.
// The office's extension field in the same browser reaches the engine (a recording stand-in) as 5 June.
// Real Chromium, real web app and SQLite; no Temporal needed for these forms.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { savePlan } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import type { OfficeEngine } from '../../temporal/office-actions.ts';
import { buildWebApp } from '../../web/app.ts';
import { signIn } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { tempUploadsDir } from '../helpers/uploads.ts';

jest.setTimeout(120_000);

// Last day 31/05/2027 (due "before 01/06/2027"), the cycle closes 30 days later: 05/06/2027 may be asked.
const NOW = new Date('2027-05-20T03:00:00Z');
const NOI_VU = 'test-2026/2026-annual/so-noi-vu';

describe('day fields in an English-locale browser', () => {
  let db: TestDb;
  let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
  let app: Awaited<ReturnType<typeof buildWebApp>>;
  let base: string;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  const engine: { id: string; lastDay: string }[] = [];

  beforeAll(async () => {
    [db, uploads, chromium] = await Promise.all([freshDatabase(), tempUploadsDir(), launchChromium()]);
    const { plan, source } = threeUnitPlan({ dueDate: '2027-06-01', opensOn: '2027-05-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({
      prisma: db.prisma,
      deliver: async () => {},
      clock: () => NOW,
      uploadsDir: uploads.dir,
      uploadMaxBytes: 64 * 1024,
      cookieSecret: TEST_COOKIE_SECRET,
      office: {
        async extend(id: string, lastDay: string) {
          engine.push({ id, lastDay });
        },
      } as unknown as OfficeEngine,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    context = await chromium.browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
  });
  afterAll(async () => {
    await context?.close();
    await chromium?.close();
    await app?.close();
    await db?.close();
    await uploads?.close();
  });

  const submit = (page: Page, form: string) => Promise.all([page.waitForLoadState('load'), page.locator(`${form} button[type="submit"]`).click()]);

  it('the unit asks for 05/06/2027 and 5 June 2027 is stored and shown back as dd/mm/yyyy', async () => {
    const token = await issueToken(db.prisma, NOI_VU, new Date('2027-08-01T00:00:00Z'));
    const page = await context.newPage();
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.goto(`${base}/r/${token}`);
    const field = page.locator('#lastDay');
    expect(await field.getAttribute('type')).toBe('text');
    expect(await field.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    expect(await page.locator('#lastDay-range').innerText()).toMatch(/từ Thứ Ba, 01\/06\/2027 đến/);

    // An impossible day, typed as digits only (the slashes come by themselves): refused, kept as typed.
    await field.pressSequentially('31062027');
    expect(await field.inputValue()).toBe('31/06/2027');
    await page.locator('#reason').fill('Chờ số liệu thống kê tháng 5');
    await submit(page, '#extension-form');
    expect(await page.locator('[role="alert"]').innerText()).toMatch(/Không có ngày 31\/06\/2027 trong lịch/);
    expect(await page.locator('#lastDay').inputValue()).toBe('31/06/2027');
    expect(await page.locator('#reason').inputValue()).toBe('Chờ số liệu thống kê tháng 5');
    expect(await db.prisma.extensionRequest.count()).toBe(0);

    // 05/06/2027 typed with its slashes (not doubled by the typing help).
    await page.locator('#lastDay').fill('');
    await page.locator('#lastDay').pressSequentially('05/06/2027');
    expect(await page.locator('#lastDay').inputValue()).toBe('05/06/2027');
    await page.screenshot({ path: path.join(ARTIFACTS, 'extension-day-field.png'), fullPage: true });
    await Promise.all([page.waitForURL(`${base}/r/${token}`), page.locator('#extension-form button[type="submit"]').click()]);
    const stored = await db.prisma.extensionRequest.findFirstOrThrow({ where: { obligationId: NOI_VU } });
    expect(stored.requestedLastDay).toBe('2027-06-05');
    expect(await page.locator('#extension-status').innerText()).toMatch(/đến hết ngày Thứ Bảy, 05\/06\/2027/);

    // The English page says the same day the same way, with the English weekday.
    await Promise.all([page.waitForURL(/\/r\//), page.getByRole('link', { name: 'English' }).click()]);
    expect(await page.locator('#extension-status').innerText()).toMatch(/to the end of Saturday, 05\/06\/2027/);
    expect(await page.locator('main').innerText()).toMatch(/Deadline:\s+end of Monday, 31\/05\/2027/);
    await page.close();
  });

  it('the office extends a unit to 05/06/2027 from its English-locale browser: the engine is asked for 5 June', async () => {
    const session = await signIn(db.prisma, 'office', { now: NOW });
    const eq = session.indexOf('=');
    await context.addCookies([{ name: session.slice(0, eq), value: session.slice(eq + 1), url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/cycles/test-2026/2026-annual/units/so-y-te`);
    await page.locator('#extend summary').click();
    const field = page.locator('#extend input[name="lastDay"]');
    await field.pressSequentially('05/06/2027');
    await page.locator('#extend input[name="reason"]').fill('Mưa lũ');
    await Promise.all([page.waitForURL(/done=extended/), page.locator('#extend button[type="submit"]').click()]);
    expect(engine).toEqual([{ id: 'test-2026/2026-annual/so-y-te', lastDay: '2027-06-05' }]);
  });
});
