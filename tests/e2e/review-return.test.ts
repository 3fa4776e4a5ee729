// A report returned for revision, end to end on the time-skipping server with the real workflows,
// activities, SMTP, SQLite and web app: the unit reports through its link, the office returns the report
// from the unit's page (an Update on the obligation's workflow), the unit gets the email with the reason
// and the new last day, reminders resume on the new day's schedule, the unit resubmits through the link
// in the return email, the counts and rates follow the README's rule, and the office accepts the new
// version. Its histories (DONDOC_RECORD_HISTORIES) are committed for the replay test: they take the
// paths of patch 'review-return'.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, atLocalTime, formatDate, formatDay } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle } from '../../temporal/client.ts';
import { obligationState } from '../../workflows/messages.ts';
import { recordHistories } from '../helpers/histories.ts';
import { browserSession, personalLink, submitThroughLink } from '../helpers/http.ts';
import { TEST_PASSWORD, createTestUser } from '../helpers/auth.ts';
import { NOI_VU } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const to = (addr: string, prefix: string) => (all: CaughtMail[]) => all.filter((m) => m.subject.startsWith(prefix) && m.to.includes(addr));

describe('a report returned for revision', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('review-return', 'review-2026'));
  });
  afterAll(() => stack?.close());

  it('is returned, reminded again, resubmitted through the same link, counted as the README says, and accepted', async () => {
    const { catcher, db } = stack;
    const user = await createTestUser(db.prisma, 'office');
    const office = browserSession(stack.publicUrl);
    const signIn = async () => expect((await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin')).status).toBe(303);
    const page = '/cycles/review-2026/2026-annual/units/so-noi-vu';
    const obligationId = 'review-2026/2026-annual/so-noi-vu';
    const reminders = to(NOI_VU, '[Nhắc nộp báo cáo]');
    const receipts = to(NOI_VU, '[Biên nhận]');
    const rates = async () => {
      const body = (await office.get('/cycles/review-2026/2026-annual')).body;
      return [/data-rate="reporting">(\d+\/\d+)</.exec(body)?.[1], /data-rate="on-time">(\d+\/\d+)</.exec(body)?.[1]];
    };
    const newLastDay = addDays(lastDay, 6);

    await stack.worker.runUntil(async () => {
      const handle = await startCycle(stack.dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      const [first] = reminders(await catcher.waitFor((all) => reminders(all).length === 1));
      const v1 = await submitThroughLink(personalLink(first!), 'Báo cáo năm 2026');
      await catcher.waitFor((all) => receipts(all).length === 1);
      await signIn();
      expect(await rates()).toStrictEqual(['1/3', '1/3']);

      // The office returns it from the unit's page, with a reason and a new last day.
      const returned = await office.post(`${page}/return`, { submissionId: v1.submissionId, lastDay: formatDate(newLastDay), reason: 'Thiếu biểu tổng hợp số liệu' }, page);
      // on failure, look at: returned.body.slice(0, 500)
      expect(returned.status).toBe(303);
      const [mail] = to(NOI_VU, '[Trả lại báo cáo]')(await catcher.waitFor((all) => to(NOI_VU, '[Trả lại báo cáo]')(all).length === 1));
      expect(mail!.text).toContain('Lý do: Thiếu biểu tổng hợp số liệu');
      expect(mail!.text).toContain(`trước hết ngày ${formatDay(newLastDay, 'vi')}`);
      expect(mail!.text).toContain(`by the end of ${formatDay(newLastDay, 'en')}`);
      expect(mail!.headers['reply-to']).toContain('office@test.dondoc.invalid');
      expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } })).status).toBe('returned');
      expect((await stack.env.client.workflow.getHandle(obligationId).query(obligationState)).status).toBe('returned');
      // returned: expected, not reported
      expect(await rates()).toStrictEqual(['0/3', '0/3']);
      // the same version cannot be returned twice: the engine refuses, nothing changes
      const again = await office.post(`${page}/return`, { submissionId: v1.submissionId, lastDay: formatDate(newLastDay), reason: 'x' }, page);
      expect(again.status).toBe(409);
      expect(again.body).toMatch(/Phiên bản này đã bị trả lại/);

      // Reminders resume on the plan's policy for the new day (1 day before it, at 08:00).
      const before = reminders(catcher.messages()).length;
      await stack.skipTo(atLocalTime(addDays(newLastDay, -1), '08:00'));
      const resumed = await catcher.waitFor((all) => reminders(all).length > before);
      expect(reminders(resumed).at(-1)!.subject).toContain(`hạn ${formatDate(newLastDay)}`);

      // The unit resubmits through the link in the return email: on time (by the new day, and the first was).
      const v2 = await submitThroughLink(personalLink(mail!), 'Báo cáo năm 2026, đã bổ sung biểu tổng hợp');
      await catcher.waitFor((all) => receipts(all).length === 2);
      const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } });
      expect(o.status).toBe('submitted_on_time');
      await signIn(); // days later: the session has expired
      expect(await rates()).toStrictEqual(['1/3', '1/3']);
      const unitPage = (await office.get(page)).body;
      expect(unitPage).toMatch(/<section class="card" id="v1"[\s\S]*?data-review="return"[\s\S]*?Thiếu biểu tổng hợp số liệu/);

      // The office accepts the new version.
      const accepted = await office.post(`${page}/accept`, { submissionId: v2.submissionId }, page);
      expect(accepted.status).toBe(303);
      expect((await stack.env.client.workflow.getHandle(obligationId).query(obligationState)).accepted).toBe(v2.submissionId);

      const result = await handle.result();
      expect({ expected: result.summary.expected, onTime: result.summary.onTime }).toStrictEqual({ expected: 3, onTime: 1 });
      const final = await stack.env.client.workflow.getHandle(obligationId).result();
      expect(final).toMatchObject({ status: 'submitted_on_time', submissionId: v2.submissionId, returned: [v1.submissionId], accepted: v2.submissionId });
    });
    const actions = (await db.prisma.auditEvent.findMany({ where: { actor: user.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['return', 'accept']));
    if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, [cycle.cycleId, ...cycle.obligationIds], process.env.DONDOC_RECORD_HISTORIES);
  });
});
