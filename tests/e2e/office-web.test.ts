// The office's forms in the web app, end to end on the time-skipping server: every action goes
// through the engine (Updates, signals, the database-first submission path) and the workflows act on
// it: a reminder resent now, a deadline extended, a unit exempted, a paper report receipted, contacts
// changed before the next reminder, and the cycle page's rates following.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, formatDate } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { browserSession } from '../helpers/http.ts';
import { TEST_PASSWORD, createTestUser } from '../helpers/auth.ts';
import { CAO_LOC, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const HOA = 'hoa@caoloc.test.dondoc.invalid';

describe('the office acts through the web app', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('office-web', 'web-2026'));
  });
  afterAll(() => stack?.close());

  it('resends, extends, exempts, records a paper report and edits contacts, all acted on by the workflows', async () => {
    const { catcher, db } = stack;
    // A standing-office user signs in through the sign-in page, as a person does.
    const user = await createTestUser(db.prisma, 'office');
    const office = browserSession(stack.publicUrl);
    // The web app's clock follows the skipped server time, so a session from before a skip of days has
    // expired (8 hours idle): the user signs in again after each skip, as a person would.
    const signIn = async () => {
      const r = await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin');
      // on failure, look at: r.body.slice(0, 300)
      expect(r.status).toBe(303);
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
      expect(resend.status).toBe(303);
      expect((await office.get(resend.location!)).body).toMatch(/Đã gửi lại thư nhắc/);
      await catcher.waitFor(() => reminders(Y_TE).length === 2);

      // New contacts for Cao Lộc: the next reminder goes to the new address only.
      const contacts = await office.post(`${unit('ubnd-cao-loc')}/contacts`, { contacts: `Chị Hoa <${HOA}>` }, unit('ubnd-cao-loc'));
      expect(contacts.status).toBe(303);
      const badContacts = await office.post(`${unit('ubnd-cao-loc')}/contacts`, { contacts: 'không có email' }, unit('ubnd-cao-loc'));
      expect(badContacts.status).toBe(400);
      expect(badContacts.body).toMatch(/không đúng dạng/);

      // Extend Sở Y tế by a week; an earlier day is refused with the engine's message.
      const refused = await office.post(`${unit('so-y-te')}/extend`, { lastDay: addDays(lastDay, -1), reason: 'x' }, unit('so-y-te'));
      expect(refused.status).toBe(409);
      expect(refused.body).toMatch(/Hạn mới phải sau hạn hiện tại/);
      const extended = await office.post(`${unit('so-y-te')}/extend`, { lastDay: addDays(lastDay, 7), reason: 'Chờ số liệu' }, unit('so-y-te'));
      expect(extended.status).toBe(303);
      const yTe = await office.get(unit('so-y-te'));
      expect(yTe.body).toMatch(/data-status="extended"/);
      expect(yTe.body).toMatch(new RegExp(formatDate(addDays(lastDay, 7)).replace(/\//g, '\\/')));

      // Sở Nội vụ's report arrives on paper: stored, the workflow is told, a receipt goes out.
      const paper = await office.post(`${unit('so-noi-vu')}/paper`, { submissionId: crypto.randomUUID(), kind: 'report', comment: 'Công văn số 12/SNV, nhận ngày hôm nay' }, unit('so-noi-vu'));
      expect(paper.status).toBe(303);
      await catcher.waitFor((all) => all.some((m) => m.subject.startsWith('[Biên nhận]')));

      // The cycle page: one of three reported, with numerator and denominator.
      const dashboard = await office.get('/cycles/web-2026/2026-annual');
      expect(dashboard.body).toMatch(/data-rate="reporting">1\/3</);

      // The second reminder goes to Cao Lộc's new focal person, not the old one.
      await stack.skipTo(cycle.timeline.reminders[1]!.at);
      await catcher.waitFor(() => reminders(HOA).length === 1);
      // days later, the session has expired
      expect((await office.get('/cycles/web-2026/2026-annual')).status).toBe(303);
      await signIn();

      // Exempt Cao Lộc: the denominator drops to 2.
      const exempted = await office.post(`${unit('ubnd-cao-loc')}/exempt`, { reason: 'Đã sáp nhập' }, unit('ubnd-cao-loc'));
      expect(exempted.status).toBe(303);
      expect((await office.get('/cycles/web-2026/2026-annual')).body).toMatch(/data-rate="reporting">1\/2</);

      const result = await handle.result();
      expect({ expected: result.summary.expected, exempted: result.summary.exempted, onTime: result.summary.onTime }).toStrictEqual({ expected: 2, exempted: 1, onTime: 1 });
    });
    // Cao Lộc: the first reminder to the old address, the second to the new one, nothing after the exemption.
    expect(reminders(CAO_LOC).length).toBe(1);
    expect(reminders(HOA).length).toBe(1);
    // Sở Y tế: first reminder, the resend, then the extended schedule's three.
    expect(reminders(Y_TE).length).toBe(5);
    // Every action is in the audit log under the user who did it.
    const actions = (await db.prisma.auditEvent.findMany({ where: { actor: user.id }, orderBy: { at: 'asc' } })).map((e) => e.action);
    for (const a of ['signin', 'resend', 'contacts_update', 'extend', 'paper_submission', 'exempt']) {
      // on failure, look at: `${a} in ${actions.join(', ')}`
      expect(actions).toContain(a);
    }
    const stored = await db.prisma.submission.findFirstOrThrow({ where: { obligationId: 'web-2026/2026-annual/so-noi-vu' } });
    expect(stored.channel).toBe('paper');
    // delivered to the workflow
    expect(stored.deliveredAt).toBeTruthy();
  });
});
