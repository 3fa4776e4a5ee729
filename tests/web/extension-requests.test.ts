// A unit asks for a later deadline from its page; the office grants (through the engine's
// extendDeadline, here a recording fake of deps.office) or refuses it. The request alone
// never moves the deadline.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { addDays, lastDayOfDue } from '../../domain/calendar.ts';
import { OfficeActionRefused, type OfficeEngine } from '../../temporal/office-actions.ts';
import { OBLIGATION, startPortal, type Portal } from '../helpers/portal.ts';

const LIST = '/cycles/test-2026/2026-annual/extension-requests';

describe('extension requests', () => {
  let p: Portal;
  let t: string;
  let latestAllowed: string;
  const calls: { obligationId: string; lastDay: string; reason: string; by: string }[] = [];
  let engineRefuses: string | null = null;

  before(async () => {
    p = await startPortal({
      // Only `extend` is used by these routes: a recording stand-in for the engine (tests/e2e run the real one).
      office: {
        async extend(obligationId: string, lastDay: string, reason: string, by: string) {
          if (engineRefuses) throw new OfficeActionRefused(engineRefuses);
          calls.push({ obligationId, lastDay, reason, by });
          return {};
        },
      } as unknown as OfficeEngine,
    });
    t = await p.token(OBLIGATION.noiVu);
    const cycle = await p.db.prisma.cycle.findUniqueOrThrow({ where: { id: 'test-2026/2026-annual' } });
    latestAllowed = addDays(lastDayOfDue(cycle.closesAt), -1);
  });
  after(() => p.close());
  beforeEach(async () => {
    await p.db.prisma.extensionRequest.deleteMany({});
    calls.length = 0;
    engineRefuses = null;
  });

  const ask = (lastDay: string, reason = 'Chờ số liệu thống kê của quý IV', requestId = randomUUID()) =>
    p.postForm(`/r/${t}/extension`, { requestId, reason, lastDay });

  it('the unit page offers the form with the allowed days', async () => {
    const body = (await p.app.inject(`/r/${t}`)).body;
    assert.match(body, new RegExp(`<input type="date" id="lastDay" name="lastDay" min="2026-12-05" max="${latestAllowed}"`));
  });

  for (const [name, lastDay, message] of [
    ['the current last day', '2026-12-04', /Hạn mới phải sau hạn hiện tại \(04\/12\/2026\)/],
    ['a day before the deadline', '01/12/2026', /Hạn mới phải sau hạn hiện tại/],
    ['a day after the cycle closes', '2027-03-01', /Hạn mới phải trước khi kỳ báo cáo kết thúc/],
    ['the day the cycle closes on', 'close', /Hạn mới phải trước khi kỳ báo cáo kết thúc/],
    ['an impossible date', '31/02/2027', /Ngày đề nghị không hợp lệ/],
    ['a garbage date', '2026-12-10T00:00', /Ngày đề nghị không hợp lệ/],
  ] as const) {
    it(`refuses ${name} and stores nothing`, async () => {
      const res = await ask(lastDay === 'close' ? addDays(latestAllowed, 1) : lastDay);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, message);
      assert.match(res.body, /Chờ số liệu thống kê của quý IV<\/textarea>/, 'the reason entered is kept');
      assert.equal(await p.db.prisma.extensionRequest.count(), 0);
    });
  }

  it('refuses a request without a reason', async () => {
    const res = await ask('2026-12-20', '   ');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Vui lòng ghi lý do đề nghị gia hạn/);
    assert.equal(await p.db.prisma.extensionRequest.count(), 0);
  });

  it('refuses a request without the CSRF token', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: `/r/${t}/extension`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ requestId: randomUUID(), reason: 'x', lastDay: '2026-12-20' }).toString(),
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await p.db.prisma.extensionRequest.count(), 0);
  });

  it('stores a valid request once, leaves the deadline alone, and tells the unit it awaits the office', async () => {
    const id = randomUUID();
    const first = await ask('20/12/2026', 'Chờ số liệu', id);
    const again = await ask('20/12/2026', 'Chờ số liệu', id);
    assert.equal(first.statusCode, 303);
    assert.equal(again.statusCode, 303);
    const rows = await p.db.prisma.extensionRequest.findMany({});
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.requestedLastDay, '2026-12-20');
    assert.equal(rows[0]!.status, 'pending');
    const o = await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } });
    assert.equal(lastDayOfDue(o.dueAt), '2026-12-04', 'the request alone does not move the deadline');
    const body = (await p.app.inject(`/r/${t}`)).body;
    assert.match(body, /đề nghị gia hạn đến ngày 20\/12\/2026, chờ cơ quan thường trực xem xét/);
    assert.doesNotMatch(body, /id="extension-form"/, 'one pending request at a time');
    const second = await ask('2026-12-22');
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Đã có một đề nghị gia hạn đang chờ/);
    assert.equal(await p.db.prisma.extensionRequest.count(), 1);
    // The office sees it from the cycle page.
    assert.match((await p.officeGet('/cycles/test-2026/2026-annual')).body, /href="\/cycles\/test-2026\/2026-annual\/extension-requests"><span class="vi">Đề nghị gia hạn: 1 chờ xem xét/);
  });

  it('granting calls the engine with the requested day and marks the request granted', async () => {
    await ask('2026-12-20', 'Chờ số liệu');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    const list = await p.officeGet(LIST);
    assert.match(list.body, /<tr data-request=/);
    assert.match(list.body, /Sở Nội vụ/);
    assert.match(list.body, /20\/12\/2026/);
    const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.obligationId, OBLIGATION.noiVu);
    assert.equal(calls[0]!.lastDay, '2026-12-20');
    assert.match(calls[0]!.reason, /Chờ số liệu/);
    const decided = await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } });
    assert.equal(decided.status, 'granted');
    assert.ok(decided.decidedAt && decided.decidedBy);
    assert.match((await p.app.inject(`/r/${t}`)).body, /đã chấp thuận đề nghị gia hạn/);
    // Granting again is refused: it is no longer pending, and the engine is not asked twice.
    assert.equal((await p.postForm(`${LIST}/${r.id}/grant`, {})).statusCode, 409);
    assert.equal(calls.length, 1);
  });

  it('refusing leaves the deadline alone; the unit is told and may ask again', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    assert.equal((await p.postForm(`${LIST}/${r.id}/refuse`, {})).statusCode, 303);
    assert.equal(calls.length, 0);
    assert.equal((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status, 'refused');
    const body = (await p.app.inject(`/r/${t}`)).body;
    assert.match(body, /không chấp thuận đề nghị gia hạn đến ngày 20\/12\/2026/);
    assert.match(body, /id="extension-form"/);
  });

  it('when the engine refuses, the request stays pending and the office sees why', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    engineRefuses = 'Đơn vị đã nộp / already submitted';
    const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /Không gia hạn được: Đơn vị đã nộp/);
    assert.equal((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status, 'pending');
  });

  it('a decision without the CSRF token, or through another cycle\'s URL, changes nothing', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    // Signed in as the office, but without the form's CSRF token.
    const forged = await p.app.inject({ method: 'POST', url: `${LIST}/${r.id}/grant`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: p.officeSession }, payload: '' });
    assert.equal(forged.statusCode, 403);
    const otherCycle = await p.postForm(`/cycles/test-2026/other-cycle/extension-requests/${r.id}/refuse`, {});
    assert.notEqual(otherCycle.statusCode, 303);
    assert.equal(calls.length, 0);
    assert.equal((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status, 'pending');
  });

  it('a unit that has already reported cannot ask', async () => {
    const y = await p.token(OBLIGATION.yTe);
    await p.postForm(`/r/${y}`, { submissionId: randomUUID(), comment: 'Báo cáo' });
    assert.doesNotMatch((await p.app.inject(`/r/${y}`)).body, /id="extension-form"/);
    const res = await p.postForm(`/r/${y}/extension`, { requestId: randomUUID(), reason: 'x', lastDay: '2026-12-20' });
    assert.equal(res.statusCode, 409);
    assert.equal(await p.db.prisma.extensionRequest.count(), 0);
  });
});

describe('extension requests without the engine connected', () => {
  it('granting answers 503 and leaves the request pending', async () => {
    const p = await startPortal();
    try {
      const t = await p.token(OBLIGATION.caoLoc);
      assert.equal((await p.postForm(`/r/${t}/extension`, { requestId: randomUUID(), reason: 'Thiếu cán bộ', lastDay: '2026-12-15' })).statusCode, 303);
      const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
      const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
      assert.equal(res.statusCode, 503);
      assert.equal((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status, 'pending');
    } finally {
      await p.close();
    }
  });
});
