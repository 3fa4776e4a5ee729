// Issue 14 §1 in real headless Chromium: the lead unit enters its indicator split by sex on its page
// (a total that does not add up is refused, the form kept), then the office signs in and reads the
// cycle's indicator table: each value against its target, met / not met / no data, the estimate
// marked, who reported it and when. Screenshots go to test-artifacts/screenshots/.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { obligationId } from '../../domain/ids.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { ARTIFACTS, launchChromium } from '../helpers/browser.ts';
import { INDICATOR_PLAN as P, indicatorPlan } from '../helpers/indicator-plan.ts';
import { startPortal, type Portal } from '../helpers/portal.ts';
import { recordSubmission } from '../../db/submissions.ts';

// A browser on a machine shared with other work: each test and hook may take this long.
jest.setTimeout(120_000);

const TABLE = `/cycles/${P}/2026-6-thang/indicators`;

describe('the indicator table in a browser', () => {
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let p: Portal;
  let base: string;

  beforeAll(async () => {
    chromium = await launchChromium();
    p = await startPortal({ plan: indicatorPlan(), now: new Date('2026-06-01T03:00:00Z') });
    base = await p.app.listen({ host: '127.0.0.1', port: 0 });
    await createTestUser(p.db.prisma, 'office', { email: 'chi.tieu@test.dondoc.invalid' });
    // Sở Nội vụ's estimate, sent earlier (the unit's form is exercised below with the split by sex).
    await recordSubmission(p.db.prisma, {
      submissionId: '7c1f0a5e-1d2b-4c3d-8e9f-0a1b2c3d4e5f', obligationId: obligationId(P, '2026-6-thang', 'so-noi-vu'), comment: 'Báo cáo 6 tháng',
      channel: 'web', receivedAt: new Date('2026-05-30T02:00:00Z'), indicatorFigures: [{ key: 'ct-1-1', forCycleId: `${P}/2026-6-thang`, value: 58, estimate: true }],
    });
  });
  afterAll(async () => {
    await chromium?.close();
    await p?.close();
  });

  it('the unit enters female, male and total; the office reads the table', async () => {
    const context = await chromium.browser.newContext();
    const unitPage = await context.newPage();
    await unitPage.goto(`${base}/r/${await p.token(obligationId(P, '2026-6-thang', 'so-ldtbxh'))}`);
    await unitPage.locator('#comment').fill('Báo cáo 6 tháng của Sở Lao động');
    await unitPage.locator('#ind_ct-1-2_female').fill('700');
    await unitPage.locator('#ind_ct-1-2_male').fill('500');
    await unitPage.locator('#ind_ct-1-2').fill('1.300');
    await Promise.all([unitPage.waitForLoadState('load'), unitPage.getByRole('button', { name: /Nộp báo cáo/ }).click()]);
    expect(await unitPage.locator('#ind_ct-1-2-error').innerText()).toMatch(/tổng \(1\.300\) phải bằng nữ \+ nam \(700 \+ 500 = 1\.200\)/);
    expect(await unitPage.locator('#ind_ct-1-2_female').inputValue()).toBe('700');
    await unitPage.screenshot({ path: path.join(ARTIFACTS, 'indicator-portal-error.png'), fullPage: true });
    await unitPage.locator('#ind_ct-1-2').fill('1.200');
    await Promise.all([unitPage.waitForURL(/\/receipt\//), unitPage.getByRole('button', { name: /Nộp báo cáo/ }).click()]);

    const page = await context.newPage();
    await page.goto(`${base}${TABLE}`);
    await page.locator('#email').fill('chi.tieu@test.dondoc.invalid');
    await page.locator('#password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(new RegExp(`${TABLE}$`)), page.getByRole('button', { name: /Đăng nhập/ }).click()]);
    const row = (n: string) => page.locator(`#indicators tr[data-indicator="${n}"]`);
    expect(await row('1.1').locator('td').nth(4).innerText()).toMatch(/^58 %\s*\(ước estimate\)$/);
    expect(await row('1.1').locator('td').nth(5).innerText()).toBe('Không đạt Not met');
    expect(await row('1.1').locator('td').nth(6).innerText()).toBe('Sở Nội vụ\n09:00 30/05/2026');
    expect(await row('1.2').locator('td').nth(4).innerText()).toMatch(/^1\.200 người\s*nữ 700, nam 500/);
    // 1.2 declares aggregate: sum: its province total over the units that reported it, last column
    expect(await row('1.2').locator('td').nth(7).innerText()).toBe('1.200 người\nnữ 700, nam 500 female 700, male 500\nTổng của 1 đơn vị Sum of 1 unit');
    expect(await row('1.1').locator('td').nth(7).innerText()).toBe('—');
    expect(await row('1.2').getAttribute('data-result')).toBe('met');
    expect(await row('2.1').locator('td').nth(5).innerText()).toBe('Chưa có số liệu No data');
    expect(await row('2.2').getAttribute('data-result')).toBe('no-target');
    await page.screenshot({ path: path.join(ARTIFACTS, 'indicator-table.png'), fullPage: true });
    await context.close();
  });
});
