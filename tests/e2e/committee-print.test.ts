// The committee's list in headless Chromium with print media: the title shows, the screen navigation
// does not, and it prints to an A4 PDF (saved with a screenshot under test-artifacts/screenshots/).
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { signIn } from '../helpers/auth.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';
import { NOW, PLAN, reportHistory } from '../helpers/report-history.ts';
import { expectTruthy } from '../helpers/expect.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

describe('committee list in a browser', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let url: string;

  beforeAll(async () => {
    [fixture, chromium] = await Promise.all([reportHistory(), launchChromium()]);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/committee/${PLAN}/2026-annual`;
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await fixture?.close();
  });

  it('prints on A4 with the title visible and the navigation hidden', async () => {
    // A committee member's session (signed in as tests/web/auth/auth.test.ts checks; here set directly).
    const [session] = (await signIn(fixture.db.prisma, 'committee', { now: NOW })).split('; ');
    const [name, value] = [session!.slice(0, session!.indexOf('=')), session!.slice(session!.indexOf('=') + 1)];
    const context = await chromium.browser.newContext();
    await context.addCookies([{ name, value, url }]);
    const page = await context.newPage();
    await page.goto(url);
    // navigation on screen
    expect(await page.locator('nav.screen-only').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { name: 'DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO' }).isVisible()).toBe(true);
    // no navigation on paper
    expect(await page.locator('nav.screen-only').isVisible()).toBe(false);
    expect(String(await page.evaluate('getComputedStyle(document.body).fontFamily'))).toMatch(/Times New Roman/);
    expect(await page.locator('#overdue tbody tr').count()).toBe(2);
    await page.screenshot({ path: path.join(ARTIFACTS, 'committee-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
    await fs.writeFile(path.join(ARTIFACTS, 'committee-list.pdf'), pdf);
    // A4 is 595.28 × 841.89 points; Chromium rounds the MediaBox to its own units.
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    // a MediaBox
    expectTruthy(box);
    // on failure, look at: `A4 page, got ${box[1]} × ${box[2]}`
    expect(Math.abs(Number(box[1]) - 595.28) < 2 && Math.abs(Number(box[2]) - 841.89) < 2).toBeTruthy();
  });
});
