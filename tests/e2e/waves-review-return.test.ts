// A report returned for revision in a cycle of the waves design (issue 15), end to end on the
// time-skipping server with the real workflows (waveCycleWorkflow, the unit's lazily started
// obligationWorkflow), activities, SMTP, SQLite and web app: what tests/e2e/review-return.test.ts
// asserts for the per-unit design (the same emails, statuses, dashboard rates, refusal and final
// results), and what the waves add: the return gives the unit a new schedule, the client boundary
// tells the cycle (waveAlsoAt) and its waves remind the unit on its new dates and leave it out of the
// cycle's overdue wave; the two units that did nothing never get a workflow of their own.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { defaultPayloadConverter, WorkflowNotFoundError } from '@temporalio/client';
import { addDays, atLocalTime, formatDate, formatDay } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle, withCycleDesign } from '../../temporal/client.ts';
import { obligationState, waveAlsoAt, waveState } from '../../workflows/messages.ts';
import { browserSession, personalLink, submitThroughLink } from '../helpers/http.ts';
import { TEST_PASSWORD, createTestUser } from '../helpers/auth.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const to = (addr: string, prefix: string) => (all: CaughtMail[]) => all.filter((m) => m.subject.startsWith(prefix) && m.to.includes(addr));
const kind = (m: CaughtMail) => m.subject.slice(0, m.subject.indexOf(']') + 1);

/** The dashboard's unit rows: status, last day and reminders sent, by unit code. */
function dashboardRows(body: string): Record<string, { status: string; lastDay: string; reminders: number }> {
  const rows: Record<string, { status: string; lastDay: string; reminders: number }> = {};
  for (const r of body.matchAll(/<tr data-unit="([^"]+)" data-status="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    const cells = [...r[3]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!);
    rows[r[1]!] = { status: r[2]!, lastDay: /\d{2}\/\d{2}\/\d{4}/.exec(cells[2] ?? '')?.[0] ?? '', reminders: Number(cells[4]) };
  }
  return rows;
}

describe('a report returned for revision in a waves cycle', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('waves-review-return', 'wreview-2026'));
  });
  afterAll(() => stack?.close());

  it('is returned, reminded by the waves on its new dates, resubmitted, accepted; the others never get a workflow', async () => {
    const { catcher, db } = stack;
    const user = await createTestUser(db.prisma, 'office');
    const office = browserSession(stack.publicUrl);
    const signIn = async () => expect((await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin')).status).toBe(303);
    const page = '/cycles/wreview-2026/2026-annual/units/so-noi-vu';
    const obligationId = 'wreview-2026/2026-annual/so-noi-vu';
    const reminders = to(NOI_VU, '[Nhắc nộp báo cáo]');
    const receipts = to(NOI_VU, '[Biên nhận]');
    const dashboard = async () => (await office.get('/cycles/wreview-2026/2026-annual')).body;
    const rates = async () => {
      const body = await dashboard();
      return [/data-rate="reporting">(\d+\/\d+)</.exec(body)?.[1], /data-rate="on-time">(\d+\/\d+)</.exec(body)?.[1]];
    };
    const statuses = async () => Object.fromEntries(Object.entries(dashboardRows(await dashboard())).map(([u, r]) => [u, r.status]));
    const newLastDay = addDays(lastDay, 6);
    const noWorkflow = async (unit: string) =>
      expect(stack.env.client.workflow.getHandle(`wreview-2026/2026-annual/${unit}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    await stack.worker.runUntil(async () => {
      const handle = await startCycle(withCycleDesign(stack.dondoc, 'waves', db.prisma), cycle);
      expect((await handle.describe()).type).toBe('waveCycleWorkflow');
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      const [first] = reminders(await catcher.waitFor((all) => reminders(all).length === 1));
      // the first wave: no unit has a workflow of its own
      for (const u of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) await noWorkflow(u);
      const v1 = await submitThroughLink(personalLink(first!), 'Báo cáo năm 2026');
      await catcher.waitFor((all) => receipts(all).length === 1);
      expect((await stack.env.client.workflow.getHandle(obligationId).describe()).type).toBe('obligationWorkflow');
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
      expect(dashboardRows(await dashboard())['so-noi-vu']).toMatchObject({ status: 'returned', lastDay: formatDate(newLastDay) });
      // the same version cannot be returned twice: the engine refuses, nothing changes
      const again = await office.post(`${page}/return`, { submissionId: v1.submissionId, lastDay: formatDate(newLastDay), reason: 'x' }, page);
      expect(again.status).toBe(409);
      expect(again.body).toMatch(/Phiên bản này đã bị trả lại/);

      // The cycle heard the unit's new schedule, once (the refused second return told it nothing).
      const own = (await stack.env.client.workflow.getHandle(obligationId).query(obligationState)).dueAt;
      const heard = ((await handle.fetchHistory()).events ?? [])
        .map((e) => e.workflowExecutionSignaledEventAttributes)
        .filter((a) => a?.signalName === waveAlsoAt.name)
        .map((a) => defaultPayloadConverter.fromPayload<{ at: string[] }>(a!.input!.payloads![0]!).at);
      expect(heard.length).toBe(1);
      expect(heard[0]).toContain(own);
      const newReminderAt = atLocalTime(addDays(newLastDay, -1), '08:00').toISOString();
      expect(heard[0]).toContain(newReminderAt);

      // Reminders resume on the plan's policy for the new day (1 day before it, at 08:00), from the waves.
      const before = reminders(catcher.messages()).length;
      await stack.skipTo(atLocalTime(addDays(newLastDay, -1), '08:00'));
      const resumed = await catcher.waitFor((all) => reminders(all).length > before);
      expect(reminders(resumed).at(-1)!.subject).toContain(`hạn ${formatDate(newLastDay)}`);
      expect(reminders(resumed).slice(1).every((m) => m.subject.includes(`hạn ${formatDate(newLastDay)}`))).toBe(true);
      // The cycle's deadline and escalation have passed: its wave marked the two others overdue (then
      // escalated), not the returned unit, whose deadline is its own.
      await signIn(); // days later: the session has expired
      expect(await statuses()).toStrictEqual({ 'so-noi-vu': 'returned', 'so-y-te': 'escalated', 'ubnd-cao-loc': 'escalated' });
      const state = await handle.query(waveState);
      expect(state.waves.map((w) => w.at)).toContain(newReminderAt);
      expect(state.waves.find((w) => w.at === cycle.timeline.dueAt.toISOString())?.marked).toBe(2);
      expect(to(NOI_VU, '[Quá hạn]')(catcher.messages())).toStrictEqual([]);

      // The unit resubmits through the link in the return email: on time (by the new day, and the first was).
      const v2 = await submitThroughLink(personalLink(mail!), 'Báo cáo năm 2026, đã bổ sung biểu tổng hợp');
      await catcher.waitFor((all) => receipts(all).length === 2);
      const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: obligationId } });
      expect(o.status).toBe('submitted_on_time');
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
      // The units that did nothing: reminded, marked and noticed by the waves, never a workflow of their own.
      for (const u of ['so-y-te', 'ubnd-cao-loc']) await noWorkflow(u);
      const rows = dashboardRows(await dashboard());
      expect(Object.fromEntries(Object.entries(rows).map(([u, r]) => [u, r.status]))).toStrictEqual({ 'so-noi-vu': 'submitted_on_time', 'ubnd-cao-loc': 'missing', 'so-y-te': 'missing' });
      // the dashboard's reminder counts are the reminders each unit received
      const all = catcher.messages();
      expect([rows['so-noi-vu']!.reminders, rows['so-y-te']!.reminders, rows['ubnd-cao-loc']!.reminders]).toStrictEqual(
        [NOI_VU, Y_TE, CAO_LOC].map((a) => to(a, '[Nhắc nộp báo cáo]')(all).length),
      );
    });
    const actions = (await db.prisma.auditEvent.findMany({ where: { actor: user.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['return', 'accept']));
    // Sở Nội vụ's mails, in order: the first wave's reminder, the receipt, the return, the waves' reminders
    // on its new dates, the second receipt; never an overdue notice. The others: three reminders, one notice.
    const all = catcher.messages();
    const noiVu = all.filter((m) => m.to.includes(NOI_VU)).map(kind);
    const resumedCount = reminders(all).length - 1;
    expect(noiVu).toStrictEqual(['[Nhắc nộp báo cáo]', '[Biên nhận]', '[Trả lại báo cáo]', ...Array<string>(resumedCount).fill('[Nhắc nộp báo cáo]'), '[Biên nhận]']);
    expect(resumedCount).toBe(3); // the policy's 7, 3 and 1 days before the new last day: all after the return
    for (const a of [Y_TE, CAO_LOC]) expect(all.filter((m) => m.to.includes(a)).map(kind)).toStrictEqual(['[Nhắc nộp báo cáo]', '[Nhắc nộp báo cáo]', '[Nhắc nộp báo cáo]', '[Quá hạn]']);
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
  });
});
