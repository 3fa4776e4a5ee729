// Importing a plan through the web (real SQLite, real multipart parsing): the same located errors as
// `dondoc plan check`, nothing stored on any error, size and CSRF limits, a reload that would move a
// running cycle refused, and Temporal being down leaves the plan stored with a clear instruction.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import type { StoredCycle } from '../../../db/plans.ts';
import type { OfficeEngine } from '../../../temporal/office-actions.ts';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { signInWithForms } from '../../helpers/auth.ts';
import { freshDatabase, type TestDb } from '../../helpers/db.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { threeUnitPlan } from '../../helpers/plans.ts';

async function multipart(fields: [string, string | { name: string; text: string }][]) {
  const fd = new FormData();
  for (const [k, v] of fields) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, new Blob([v.text], { type: 'application/yaml' }), v.name);
  }
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } };
}

describe('importing a plan from the web', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let opened: StoredCycle[][] = [];
  let temporalUp = true;
  let cookie: string; // a signed-in office user who opened a page (session and CSRF secret)
  let CSRF: string; // the token of that user's forms

  beforeAll(async () => {
    db = await freshDatabase();
    const office = {
      openCycles: async (cycles: StoredCycle[]) => {
        if (!temporalUp) throw new Error('14 UNAVAILABLE');
        opened.push(cycles);
        return { started: cycles.map((c) => c.cycleId), scheduled: [] };
      },
    } as unknown as OfficeEngine; // only openCycles is used by this route
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, prisma: db.prisma, deliver: async () => undefined, office, clock: () => new Date('2030-11-20T03:00:00Z'), ...NO_UPLOADS });
    ({ cookie, csrf: CSRF } = await signInWithForms(app, db.prisma, 'office', { now: new Date('2030-11-20T03:00:00Z') }));
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const post = async (text: string | undefined, csrf?: string) => {
    const body = await multipart([['_csrf', csrf ?? CSRF], ...(text === undefined ? [] : [['plan', { name: 'ke-hoach.yaml', text }] as [string, { name: string; text: string }]])]);
    return app.inject({ method: 'POST', url: '/plans/import', ...body, headers: { ...body.headers, cookie } });
  };
  const plan = (dueDate = '2030-12-05') => threeUnitPlan({ id: 'web-import', dueDate, opensOn: '2030-11-01' }).source;

  it('lists every error with its path and line, and stores nothing', async () => {
    const broken = plan().replace('kind: department', 'kind: ministry').replace(/email: an@[^\n]+/, 'email: not-an-email');
    const res = await post(broken);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/units\[0\]\.kind \(dòng \/ line \d+\)/);
    expect(res.body).toMatch(/units\[0\]\.focalPersons\[0\]\.email \(dòng \/ line \d+\)/);
    expect(res.body).toMatch(/chưa có gì được lưu/);
    const yaml = await post('version: 1\nid: [unclosed');
    expect(yaml.statusCode).toBe(400);
    expect(yaml.body).toMatch(/YAML không hợp lệ/);
    expect(await db.prisma.plan.count()).toBe(0);
  });

  it('refuses a form without CSRF token, an empty or oversized file, and a non-multipart post', async () => {
    expect((await post(plan(), 'q'.repeat(43))).statusCode).toBe(403);
    expect((await post('')).statusCode).toBe(400);
    expect((await post(undefined)).statusCode).toBe(400);
    const big = await post(`# ${'x'.repeat(2 * 1024 * 1024 + 10)}\n${plan()}`);
    expect(big.statusCode).toBe(413);
    expect(big.body).toMatch(/Tệp quá lớn/);
    const form = await app.inject({ method: 'POST', url: '/plans/import', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: `_csrf=${CSRF}&plan=x` });
    expect(form.statusCode).toBe(415);
    expect(await db.prisma.plan.count()).toBe(0);
  });

  it('stores a valid plan and opens its cycles; a reload moving a running cycle is refused', async () => {
    const res = await post(plan());
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Đã nạp &quot;web-import&quot;: 3 đơn vị, 1 kỳ báo cáo/);
    expect(opened.map((cs) => cs.map((c) => c.cycleId))).toStrictEqual([['web-import/2026-annual']]);
    expect(await db.prisma.obligation.count({ where: { cycleId: 'web-import/2026-annual' } })).toBe(3);
    const moved = await post(plan('2030-12-10'));
    expect(moved.statusCode).toBe(409);
    expect(moved.body).toMatch(/hãy dùng gia hạn/);
    expect((await db.prisma.cycle.findUniqueOrThrow({ where: { id: 'web-import/2026-annual' } })).lastDay).toBe('2030-12-04');
  });

  it('with Temporal down, the plan is stored and the page says to import again later', async () => {
    temporalUp = false;
    opened = [];
    const res = await post(plan().replace(/id: web-import/, 'id: web-import-2'));
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/chưa kết nối được Temporal/);
    expect(await db.prisma.plan.count({ where: { id: 'web-import-2' } })).toBe(1);
    temporalUp = true;
    const again = await post(plan().replace(/id: web-import/, 'id: web-import-2'));
    expect(again.body).toMatch(/Mở ngay: 1 kỳ/);
  });

  it('shows the district warning, located, in a warning box on the result page, and imports the plan', async () => {
    // threeUnitPlan's UBND huyện Cao Lộc is a district owing a cycle due in 2030, after districts ended.
    const source = plan().replace(/id: web-import/, 'id: web-import-3');
    const res = await post(source);
    expect(res.statusCode).toBe(200);
    const line = source.split('\n').findIndex((l) => l.includes('kind: district')) + 1;
    const box = res.body.match(/<div class="warning" role="note" id="plan-warnings">[\s\S]*?<\/div>/)?.[0] ?? '';
    expect(box).toMatch(/có 1 cảnh báo/);
    expect(box).toContain(`units[2].kind (dòng / line ${line}): đơn vị cấp huyện &quot;ubnd-cao-loc&quot; vẫn phải nộp kỳ &quot;2026-annual&quot; (hạn 04/12/2030)`);
    expect(box).toContain('say closesOn: 2025-06-30 and mergedInto');
    expect(res.body).toMatch(/Đã nạp &quot;web-import-3&quot;: 3 đơn vị/);
    expect(await db.prisma.obligation.count({ where: { cycleId: 'web-import-3/2026-annual' } })).toBe(3);
    // The same plan without a district: no box.
    const clean = await post(plan().replace(/id: web-import/, 'id: web-import-4').replace('kind: district', 'kind: department'));
    expect(clean.statusCode).toBe(200);
    expect(clean.body).not.toContain('plan-warnings');
  });
});
