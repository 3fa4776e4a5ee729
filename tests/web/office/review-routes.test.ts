// The office's review routes (accept, return for revision) on a unit's page: the real engine calls
// (temporal/office-actions.ts) down to the workflow Update, which a recording stand-in for Temporal
// answers by doing what the workflow's activity does (db/reviews.ts); tests/e2e/review-return.test.ts
// runs the real workflow. Bad input (no reason, a past or impossible day, another unit's version) is
// refused with a bilingual message and nothing changes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { recordAcceptance, recordReturn } from '../../../db/reviews.ts';
import type { Dondoc } from '../../../temporal/client.ts';
import { acceptVersion, returnSubmission, type OfficeEngine } from '../../../temporal/office-actions.ts';
import { recordSubmission } from '../../../db/submissions.ts';
import type { ReturnForRevision } from '../../../workflows/messages.ts';
import { escalationList, historyText } from '../../../web/committee/escalation-list.ts';
import { findCycle } from '../../../web/cycle-table.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';

const UNIT = '/cycles/test-2026/2026-annual/units/so-noi-vu';
const NOW = new Date('2026-12-03T03:00:00Z'); // before the last day, 04/12/2026

describe('the office reviews a unit\'s report', () => {
  let p: Portal;
  const updates: { id: string; name: string; arg: Record<string, unknown> }[] = [];
  let v1: string;
  let yTeVersion: string;
  let caoLocVersion: string;

  beforeAll(async () => {
    let portal!: Portal;
    // Temporal's part: the workflow's Update, as its handler records it.
    const dondoc = {
      taskQueue: 'unused',
      client: {
        workflow: {
          getHandle: (id: string) => ({
            async executeUpdate(def: { name: string }, o: { args: [Record<string, unknown>] }) {
              const arg = o.args[0];
              updates.push({ id, name: def.name, arg });
              const prisma = portal.db.prisma;
              if (def.name === 'returnForRevision') {
                const x = arg as unknown as ReturnForRevision;
                await recordReturn(prisma, { obligationId: id, submissionId: x.submissionId, dueAt: x.dueAt, reason: x.reason, by: x.by });
              } else await recordAcceptance(prisma, { obligationId: id, submissionId: arg.submissionId as string, by: arg.by as string });
              return { obligationId: id };
            },
          }),
        },
      },
    } as unknown as Dondoc;
    portal = await startPortal({
      now: NOW,
      office: {
        returnVersion: (id: string, sid: string, day: string, reason: string, by: string) => returnSubmission(portal.db.prisma, dondoc, id, sid, day, reason, by),
        accept: (id: string, sid: string, by: string) => acceptVersion(portal.db.prisma, dondoc, id, sid, by),
      } as unknown as OfficeEngine,
    });
    p = portal;
    const submit = async (obligationId: string) =>
      (await recordSubmission(p.db.prisma, { submissionId: randomUUID(), obligationId, comment: 'Báo cáo năm', channel: 'web', receivedAt: NOW })).submission.id;
    [v1, yTeVersion, caoLocVersion] = [await submit(OBLIGATION.noiVu), await submit(OBLIGATION.yTe), await submit(OBLIGATION.caoLoc)];
  });
  afterAll(() => p.close());
  beforeEach(() => void (updates.length = 0));

  const unchanged = async () => {
    expect(updates).toEqual([]);
    expect(await p.db.prisma.obligationDecision.count({ where: { obligationId: OBLIGATION.noiVu } })).toBe(0);
    expect((await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } })).status).toBe('submitted_on_time');
    expect(await p.db.prisma.auditEvent.count({ where: { action: { in: ['return', 'accept'] } } })).toBe(0);
  };
  const alert = (body: string) => /<div class="error" role="alert">([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '';

  it('the unit page offers the review of the latest version, with a dd/mm/yyyy field from today', async () => {
    const body = (await p.officeGet(UNIT)).body;
    expect(body).toMatch(/<details class="card" id="review">/);
    expect(body).toContain(`<form method="post" action="${UNIT}/return">`);
    expect(body).toContain(`<input type="hidden" name="submissionId" value="${v1}">`);
    expect(body).toContain('dd/mm/yyyy, từ Thứ Năm, 03/12/2026 trở đi');
  });

  for (const [what, form, code, vi, en] of [
    ['no reason', { lastDay: '20/12/2026', reason: '  ' }, 400, /Cần ghi lý do trả lại báo cáo/, /A reason is required to return a report/],
    ['a day in the past', { lastDay: '02/12/2026', reason: 'Thiếu số liệu' }, 400, /Hạn nộp lại phải từ hôm nay trở đi/, /The new last day must be today or later/],
    ['an impossible day', { lastDay: '31/02/2027', reason: 'Thiếu số liệu' }, 400, /Không có ngày 31\/02\/2027 trong lịch/, /There is no day 31\/02\/2027/],
  ] as const) {
    it(`a return with ${what} is refused, the form kept as typed, nothing changed`, async () => {
      const res = await p.postForm(`${UNIT}/return`, { submissionId: v1, ...form });
      expect(res.statusCode).toBe(code);
      expect(alert(res.body)).toMatch(vi);
      expect(alert(res.body)).toMatch(en);
      expect(res.body).toMatch(/<details class="card" id="review" open>/);
      expect(res.body).toContain(`name="lastDay" value="${form.lastDay}"`);
      await unchanged();
    });
  }

  it('a version of another unit is refused (409), nothing changed', async () => {
    for (const [action, extra] of [['return', { lastDay: '20/12/2026', reason: 'Thiếu số liệu' }], ['accept', {}]] as const) {
      const res = await p.postForm(`${UNIT}/${action}`, { submissionId: yTeVersion, ...extra });
      expect(res.statusCode).toBe(409);
      expect(alert(res.body)).toMatch(/Phiên bản này không phải của đơn vị này \/ this version is not one of this unit&#39;s/);
    }
    await unchanged();
  });

  it('returns the version through the engine with the plan\'s schedule for the new day, audited, shown on the page', async () => {
    const res = await p.postForm(`${UNIT}/return`, { submissionId: v1, lastDay: '20/12/2026', reason: 'Thiếu biểu số liệu' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${UNIT}?done=returned`);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ id: OBLIGATION.noiVu, name: 'returnForRevision', arg: { submissionId: v1, lastDay: '2026-12-20', dueAt: '2026-12-20T17:00:00.000Z', reason: 'Thiếu biểu số liệu' } });
    // the plan's reminders (7, 3, 1 days before at 08:00) relative to the new day
    expect(updates[0]!.arg.remindersAt).toStrictEqual(['2026-12-13T01:00:00.000Z', '2026-12-17T01:00:00.000Z', '2026-12-19T01:00:00.000Z']);
    const audit = await p.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'return' } });
    expect(audit.target).toBe(OBLIGATION.noiVu);
    expect(audit.detail).toMatchObject({ submissionId: v1, lastDay: '2026-12-20', reason: 'Thiếu biểu số liệu' });

    const page = (await p.officeGet(`${UNIT}?done=returned`)).body;
    expect(page).toContain('Đã trả lại báo cáo để hoàn thiện');
    expect(page).toMatch(/<td data-status="returned"><span class="vi">Bị trả lại để hoàn thiện<\/span>/);
    const review = /<tr data-review="return">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(review).toContain('Trả lại để hoàn thiện, hạn mới hết ngày Chủ nhật, 20/12/2026');
    expect(review).toContain('Returned for revision, new last day Sunday, 20/12/2026');
    expect(review).toContain('Thiếu biểu số liệu');
    expect(review).toMatch(/@test\.dondoc\.invalid/); // who
    expect(page).toMatch(/<tr data-decision="return">/);
    // a returned unit owes a report: no review form, the pending actions instead
    expect(page).not.toMatch(/id="review"/);
    expect(page).toMatch(/id="extend"/);
  });

  it('the committee\'s list, after the new day passed, names the return in the unit\'s history', async () => {
    const cycle = (await findCycle(p.db.prisma, { planId: 'test-2026', cycleKey: '2026-annual' }))!;
    const rows = await escalationList(p.db.prisma, cycle, new Date('2026-12-22T03:00:00Z'));
    // Sở Nội vụ owes its new version since 20/12; the others reported
    expect(rows.map((r) => r.unitCode)).toStrictEqual(['so-noi-vu']);
    expect(historyText(rows[0]!.history)).toBe('2026-annual: Bị trả lại để hoàn thiện (bị trả lại 1 lần)');
  });

    it('accepts another unit\'s version: a mark on it, audited; the form is gone', async () => {
    const caoLoc = '/cycles/test-2026/2026-annual/units/ubnd-cao-loc';
    const res = await p.postForm(`${caoLoc}/accept`, { submissionId: caoLocVersion });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${caoLoc}?done=accepted`);
    expect(updates).toMatchObject([{ id: OBLIGATION.caoLoc, name: 'acceptSubmission', arg: { submissionId: caoLocVersion } }]);
    expect(await p.db.prisma.auditEvent.count({ where: { action: 'accept', target: OBLIGATION.caoLoc } })).toBe(1);
    const page = (await p.officeGet(caoLoc)).body;
    expect(page).toMatch(/<td data-status="submitted_on_time">/);
    expect(page).toMatch(/<tr data-review="accept"><th>[\s\S]*?Tiếp nhận/);
    expect(page).not.toMatch(/id="review"/);
  });
});
