// A unit asks for a later deadline from its page; the office grants (through the engine's
// extendDeadline, here a recording fake of deps.office) or refuses it. The request alone
// never moves the deadline.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { addDays, formatDay, lastDayOfDue } from '../../../domain/calendar.ts';
import { OfficeActionRefused, type OfficeEngine } from '../../../temporal/office-actions.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';

const LIST = '/cycles/test-2026/2026-annual/extension-requests';

describe('extension requests', () => {
  let p: Portal;
  let t: string;
  let latestAllowed: string;
  const calls: { obligationId: string; lastDay: string; reason: string; by: string }[] = [];
  let engineRefuses: string | null = null;

  beforeAll(async () => {
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
  afterAll(() => p.close());
  beforeEach(async () => {
    await p.db.prisma.extensionRequest.deleteMany({});
    calls.length = 0;
    engineRefuses = null;
  });

  const ask = (lastDay: string, reason = 'Chờ số liệu thống kê của quý IV', requestId = randomUUID()) =>
    p.postForm(`/r/${t}/extension`, { requestId, reason, lastDay });

  it('the unit page offers the form with the allowed days', async () => {
    const body = (await p.app.inject(`/r/${t}`)).body;
    // a dd/mm/yyyy text field (a date input would show the browser's locale order), with the range in words
    expect(body).toMatch(/<input type="text" name="lastDay" id="lastDay" value="" placeholder="dd\/mm\/yyyy" pattern="[^"]+" title="[^"]+" inputmode="numeric"/);
    expect(body).not.toMatch(/type="date"/);
    const latest = formatDay(latestAllowed, 'vi');
    expect(body).toContain(`<span class="vi">dd/mm/yyyy, từ Thứ Bảy, 05/12/2026 đến ${latest}</span>`);
    expect(body).toContain(`<span class="en">dd/mm/yyyy, from Saturday, 05/12/2026 to ${formatDay(latestAllowed, 'en')}</span>`);
  });

  for (const [name, lastDay, message] of [
    ['the current last day', '2026-12-04', /Hạn mới phải sau hạn hiện tại \(Thứ Sáu, 04\/12\/2026\)/],
    ['a day before the deadline', '01/12/2026', /Hạn mới phải sau hạn hiện tại/],
    ['a day after the cycle closes', '2027-03-01', /Hạn mới phải trước khi kỳ báo cáo kết thúc/],
    ['the day the cycle closes on', 'close', /Hạn mới phải trước khi kỳ báo cáo kết thúc/],
    ['an impossible date', '31/02/2027', /Không có ngày 31\/02\/2027 trong lịch/],
    ['a garbage date', '2026-12-10T00:00', /&quot;2026-12-10T00:00&quot; không phải là một ngày; vui lòng nhập theo dạng dd\/mm\/yyyy/],
    ['no date', '', /Vui lòng nhập ngày theo dạng dd\/mm\/yyyy/],
  ] as const) {
    it(`refuses ${name} and stores nothing`, async () => {
      const res = await ask(lastDay === 'close' ? addDays(latestAllowed, 1) : lastDay);
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(message);
      // the reason and the day entered are kept, as typed
      expect(res.body).toMatch(/Chờ số liệu thống kê của quý IV<\/textarea>/);
      const typed = lastDay === 'close' ? addDays(latestAllowed, 1) : lastDay;
      expect(res.body).toContain(`name="lastDay" id="lastDay" value="${typed}"`);
      expect(await p.db.prisma.extensionRequest.count()).toBe(0);
    });
  }

  it('refuses a request without a reason', async () => {
    const res = await ask('2026-12-20', '   ');
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Vui lòng ghi lý do đề nghị gia hạn/);
    expect(await p.db.prisma.extensionRequest.count()).toBe(0);
  });

  it('refuses a request without the CSRF token', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: `/r/${t}/extension`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ requestId: randomUUID(), reason: 'x', lastDay: '2026-12-20' }).toString(),
    });
    expect(res.statusCode).toBe(403);
    expect(await p.db.prisma.extensionRequest.count()).toBe(0);
  });

  it('stores a valid request once, leaves the deadline alone, and tells the unit it awaits the office', async () => {
    const id = randomUUID();
    const first = await ask('20/12/2026', 'Chờ số liệu', id);
    const again = await ask('20/12/2026', 'Chờ số liệu', id);
    expect(first.statusCode).toBe(303);
    expect(again.statusCode).toBe(303);
    const rows = await p.db.prisma.extensionRequest.findMany({});
    expect(rows.length).toBe(1);
    expect(rows[0]!.requestedLastDay).toBe('2026-12-20');
    expect(rows[0]!.status).toBe('pending');
    const o = await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } });
    // the request alone does not move the deadline
    expect(lastDayOfDue(o.dueAt)).toBe('2026-12-04');
    const body = (await p.app.inject(`/r/${t}`)).body;
    expect(body).toMatch(/đề nghị gia hạn đến hết ngày Chủ nhật, 20\/12\/2026, chờ cơ quan thường trực xem xét/);
    // one pending request at a time
    expect(body).not.toMatch(/id="extension-form"/);
    const second = await ask('2026-12-22');
    expect(second.statusCode).toBe(409);
    expect(second.body).toMatch(/Đã có một đề nghị gia hạn đang chờ/);
    expect(await p.db.prisma.extensionRequest.count()).toBe(1);
    // The office sees it from the cycle page.
    expect((await p.officeGet('/cycles/test-2026/2026-annual')).body).toMatch(/href="\/cycles\/test-2026\/2026-annual\/extension-requests"><span class="vi">Đề nghị gia hạn: 1 chờ xem xét/);
  });

  it('granting calls the engine with the requested day and marks the request granted', async () => {
    await ask('2026-12-20', 'Chờ số liệu');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    const list = await p.officeGet(LIST);
    expect(list.body).toMatch(/<tr data-request=/);
    expect(list.body).toMatch(/Sở Nội vụ/);
    expect(list.body).toMatch(/<b><span class="vi">Chủ nhật, 20\/12\/2026<\/span> <span class="en">Sunday, 20\/12\/2026<\/span><\/b>/);
    const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
    expect(res.statusCode).toBe(303);
    expect(calls.length).toBe(1);
    expect(calls[0]!.obligationId).toBe(OBLIGATION.noiVu);
    expect(calls[0]!.lastDay).toBe('2026-12-20');
    expect(calls[0]!.reason).toMatch(/Chờ số liệu/);
    const decided = await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } });
    expect(decided.status).toBe('granted');
    expect(decided.decidedAt && decided.decidedBy).toBeTruthy();
    expect((await p.app.inject(`/r/${t}`)).body).toMatch(/đã chấp thuận đề nghị gia hạn/);
    // Granting again is refused: it is no longer pending, and the engine is not asked twice.
    expect((await p.postForm(`${LIST}/${r.id}/grant`, {})).statusCode).toBe(409);
    expect(calls.length).toBe(1);
  });

  it('refusing leaves the deadline alone; the unit is told and may ask again', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    expect((await p.postForm(`${LIST}/${r.id}/refuse`, {})).statusCode).toBe(303);
    expect(calls.length).toBe(0);
    expect((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('refused');
    const body = (await p.app.inject(`/r/${t}`)).body;
    expect(body).toMatch(/không chấp thuận đề nghị gia hạn đến hết ngày Chủ nhật, 20\/12\/2026/);
    expect(body).toMatch(/id="extension-form"/);
  });

  it('when the engine refuses, the request stays pending and the office sees why', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    engineRefuses = 'Đơn vị đã nộp / already submitted';
    const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/Không gia hạn được: Đơn vị đã nộp/);
    expect((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('pending');
  });

  it('a decision without the CSRF token, or through another cycle\'s URL, changes nothing', async () => {
    await ask('2026-12-20');
    const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
    // Signed in as the office, but without the form's CSRF token.
    const forged = await p.app.inject({ method: 'POST', url: `${LIST}/${r.id}/grant`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: p.officeSession }, payload: '' });
    expect(forged.statusCode).toBe(403);
    const otherCycle = await p.postForm(`/cycles/test-2026/other-cycle/extension-requests/${r.id}/refuse`, {});
    expect(otherCycle.statusCode).not.toBe(303);
    expect(calls.length).toBe(0);
    expect((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('pending');
  });

  it('a unit that has already reported cannot ask', async () => {
    const y = await p.token(OBLIGATION.yTe);
    await p.postForm(`/r/${y}`, { submissionId: randomUUID(), comment: 'Báo cáo' });
    expect((await p.app.inject(`/r/${y}`)).body).not.toMatch(/id="extension-form"/);
    const res = await p.postForm(`/r/${y}/extension`, { requestId: randomUUID(), reason: 'x', lastDay: '2026-12-20' });
    expect(res.statusCode).toBe(409);
    expect(await p.db.prisma.extensionRequest.count()).toBe(0);
  });
});

describe('extension requests without the engine connected', () => {
  it('granting answers 503 and leaves the request pending', async () => {
    const p = await startPortal();
    try {
      const t = await p.token(OBLIGATION.caoLoc);
      expect((await p.postForm(`/r/${t}/extension`, { requestId: randomUUID(), reason: 'Thiếu cán bộ', lastDay: '2026-12-15' })).statusCode).toBe(303);
      const r = await p.db.prisma.extensionRequest.findFirstOrThrow({});
      const res = await p.postForm(`${LIST}/${r.id}/grant`, {});
      expect(res.statusCode).toBe(503);
      expect((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('pending');
    } finally {
      await p.close();
    }
  });
});
