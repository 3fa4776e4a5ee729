// The office's forms in the web app, end to end on the time-skipping server: every action goes
// through the engine (Updates, signals, the database-first submission path) and the workflows act on
// it: a reminder resent now, a deadline extended, a unit exempted, a paper report receipted, contacts
// changed before the next reminder, and the cycle page's rates following.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { browserSession } from '../helpers/http.ts';
import { TEST_PASSWORD, createTestUser } from '../helpers/auth.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const Y_TE = 'binh@yte.test.dondoc.invalid';
const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';
const HOA = 'hoa@caoloc.test.dondoc.invalid';

describe('the office acts through the web app', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  before(async () => {
    stack = await startStack('office-web');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'web-2026', dueDate: addDays(today, 12), opensOn: today });
    lastDay = addDays(today, 11);
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

  it('resends, extends, exempts, records a paper report and edits contacts, all acted on by the workflows', async () => {
    const { catcher, db } = stack;
    // A standing-office user signs in through the sign-in page, as a person does.
    const user = await createTestUser(db.prisma, 'office');
    const office = browserSession(stack.publicUrl);
    // The web app's clock follows the skipped server time, so a session from before a skip of days has
    // expired (8 hours idle): the user signs in again after each skip, as a person would.
    const signIn = async () => {
      const r = await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin');
      assert.equal(r.status, 303, r.body.slice(0, 300));
    };
    const unit = (code: string) => `/cycles/web-2026/2026-annual/units/${code}`;
    const reminders = (addr: string) => catcher.messages().filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]') && m.to.includes(addr));
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(stack.dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      await catcher.waitFor((all) => all.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]')).length === 3);
      await signIn();

      // Resend now: one more reminder to Sở Y tế, and the page says so.
      const resend = await office.post(`${unit('so-y-te')}/resend`, { requestId: crypto.randomUUID() }, unit('so-y-te'));
      assert.equal(resend.status, 303);
      assert.match((await office.get(resend.location!)).body, /Đã gửi lại thư nhắc/);
      await catcher.waitFor(() => reminders(Y_TE).length === 2);

      // New contacts for Cao Lộc: the next reminder goes to the new address only.
      const contacts = await office.post(`${unit('ubnd-cao-loc')}/contacts`, { contacts: `Chị Hoa <${HOA}>` }, unit('ubnd-cao-loc'));
      assert.equal(contacts.status, 303);
      const badContacts = await office.post(`${unit('ubnd-cao-loc')}/contacts`, { contacts: 'không có email' }, unit('ubnd-cao-loc'));
      assert.equal(badContacts.status, 400);
      assert.match(badContacts.body, /không đúng dạng/);

      // Extend Sở Y tế by a week; an earlier day is refused with the engine's message.
      const refused = await office.post(`${unit('so-y-te')}/extend`, { lastDay: addDays(lastDay, -1), reason: 'x' }, unit('so-y-te'));
      assert.equal(refused.status, 409);
      assert.match(refused.body, /Hạn mới phải sau hạn hiện tại/);
      const extended = await office.post(`${unit('so-y-te')}/extend`, { lastDay: addDays(lastDay, 7), reason: 'Chờ số liệu' }, unit('so-y-te'));
      assert.equal(extended.status, 303);
      const yTe = await office.get(unit('so-y-te'));
      assert.match(yTe.body, /data-status="extended"/);
      assert.match(yTe.body, new RegExp(formatDate(addDays(lastDay, 7)).replace(/\//g, '\\/')));

      // Sở Nội vụ's report arrives on paper: stored, the workflow is told, a receipt goes out.
      const paper = await office.post(`${unit('so-noi-vu')}/paper`, { submissionId: crypto.randomUUID(), kind: 'report', comment: 'Công văn số 12/SNV, nhận ngày hôm nay' }, unit('so-noi-vu'));
      assert.equal(paper.status, 303);
      await catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Biên nhận]')));

      // The cycle page: one of three reported, with numerator and denominator.
      const dashboard = await office.get('/cycles/web-2026/2026-annual');
      assert.match(dashboard.body, /data-rate="reporting">1\/3</);

      // The second reminder goes to Cao Lộc's new focal person, not the old one.
      await stack.skipTo(cycle.timeline.reminders[1]!.at);
      await catcher.waitFor(() => reminders(HOA).length === 1);
      assert.equal((await office.get('/cycles/web-2026/2026-annual')).status, 303, 'days later, the session has expired');
      await signIn();

      // Exempt Cao Lộc: the denominator drops to 2.
      const exempted = await office.post(`${unit('ubnd-cao-loc')}/exempt`, { reason: 'Đã sáp nhập' }, unit('ubnd-cao-loc'));
      assert.equal(exempted.status, 303);
      assert.match((await office.get('/cycles/web-2026/2026-annual')).body, /data-rate="reporting">1\/2</);

      const result = await handle.result();
      assert.deepEqual({ expected: result.summary.expected, exempted: result.summary.exempted, onTime: result.summary.onTime }, { expected: 2, exempted: 1, onTime: 1 });
    });
    // Cao Lộc: the first reminder to the old address, the second to the new one, nothing after the exemption.
    assert.equal(reminders(CAO_LOC).length, 1);
    assert.equal(reminders(HOA).length, 1);
    // Sở Y tế: first reminder, the resend, then the extended schedule's three.
    assert.equal(reminders(Y_TE).length, 5);
    // Every action is in the audit log under the user who did it.
    const actions = (await db.prisma.auditEvent.findMany({ where: { actor: user.id }, orderBy: { at: 'asc' } })).map((e) => e.action);
    for (const a of ['signin', 'resend', 'contacts_update', 'extend', 'paper_submission', 'exempt']) assert.ok(actions.includes(a), `${a} in ${actions.join(', ')}`);
    const stored = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: 'web-2026/2026-annual/so-noi-vu' } });
    assert.equal(stored.channel, 'paper');
    assert.ok(stored.deliveredAt, 'delivered to the workflow');
  });
});
