// Importing a plan through the web (real SQLite, real multipart parsing): the same located errors as
// `dondoc plan check`, nothing stored on any error, size and CSRF limits, a reload that would move a
// running cycle refused, and Temporal being down leaves the plan stored with a clear instruction.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { StoredCycle } from '../../db/plans.ts';
import type { OfficeEngine } from '../../temporal/office-actions.ts';
import { buildWebApp } from '../../web/app.ts';
import { TEST_CSRF, signIn } from '../helpers/auth.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';
import { threeUnitPlan } from '../helpers/plans.ts';

const CSRF = TEST_CSRF;

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
  let cookie: string;

  before(async () => {
    db = await freshDatabase();
    const office = {
      openCycles: async (cycles: StoredCycle[]) => {
        if (!temporalUp) throw new Error('14 UNAVAILABLE');
        opened.push(cycles);
        return { started: cycles.map((c) => c.cycleId), scheduled: [] };
      },
    } as unknown as OfficeEngine; // only openCycles is used by this route
    app = await buildWebApp({ prisma: db.prisma, deliver: async () => undefined, office, clock: () => new Date('2030-11-20T03:00:00Z'), ...NO_UPLOADS });
    cookie = await signIn(db.prisma, 'office', { now: new Date('2030-11-20T03:00:00Z') });
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  const post = async (text: string | undefined, csrf = CSRF) => {
    const body = await multipart([['_csrf', csrf], ...(text === undefined ? [] : [['plan', { name: 'ke-hoach.yaml', text }] as [string, { name: string; text: string }]])]);
    return app.inject({ method: 'POST', url: '/plans/import', ...body, headers: { ...body.headers, cookie } });
  };
  const plan = (dueDate = '2030-12-05') => threeUnitPlan({ id: 'web-import', dueDate, opensOn: '2030-11-01' }).source;

  it('lists every error with its path and line, and stores nothing', async () => {
    const broken = plan().replace('kind: department', 'kind: ministry').replace(/email: an@[^\n]+/, 'email: not-an-email');
    const res = await post(broken);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /units\[0\]\.kind \(dòng \/ line \d+\)/);
    assert.match(res.body, /units\[0\]\.focalPersons\[0\]\.email \(dòng \/ line \d+\)/);
    assert.match(res.body, /chưa có gì được lưu/);
    const yaml = await post('version: 1\nid: [unclosed');
    assert.equal(yaml.statusCode, 400);
    assert.match(yaml.body, /YAML không hợp lệ/);
    assert.equal(await db.prisma.plan.count(), 0);
  });

  it('refuses a form without CSRF token, an empty or oversized file, and a non-multipart post', async () => {
    assert.equal((await post(plan(), 'q'.repeat(43))).statusCode, 403);
    assert.equal((await post('')).statusCode, 400);
    assert.equal((await post(undefined)).statusCode, 400);
    const big = await post(`# ${'x'.repeat(2 * 1024 * 1024 + 10)}\n${plan()}`);
    assert.equal(big.statusCode, 413);
    assert.match(big.body, /Tệp quá lớn/);
    const form = await app.inject({ method: 'POST', url: '/plans/import', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, payload: `_csrf=${CSRF}&plan=x` });
    assert.equal(form.statusCode, 415);
    assert.equal(await db.prisma.plan.count(), 0);
  });

  it('stores a valid plan and opens its cycles; a reload moving a running cycle is refused', async () => {
    const res = await post(plan());
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Đã nạp &quot;web-import&quot;: 3 đơn vị, 1 kỳ báo cáo/);
    assert.deepEqual(opened.map((cs) => cs.map((c) => c.cycleId)), [['web-import/2026-annual']]);
    assert.equal(await db.prisma.obligation.count({ where: { cycleId: 'web-import/2026-annual' } }), 3);
    const moved = await post(plan('2030-12-10'));
    assert.equal(moved.statusCode, 409);
    assert.match(moved.body, /hãy dùng gia hạn/);
    assert.equal((await db.prisma.cycle.findUniqueOrThrow({ where: { id: 'web-import/2026-annual' } })).lastDay, '2030-12-04');
  });

  it('with Temporal down, the plan is stored and the page says to import again later', async () => {
    temporalUp = false;
    opened = [];
    const res = await post(plan().replace(/id: web-import/, 'id: web-import-2'));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /chưa kết nối được Temporal/);
    assert.equal(await db.prisma.plan.count({ where: { id: 'web-import-2' } }), 1);
    temporalUp = true;
    const again = await post(plan().replace(/id: web-import/, 'id: web-import-2'));
    assert.match(again.body, /Mở ngay: 1 kỳ/);
  });
});
