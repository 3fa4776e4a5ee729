// The cycle's reminder wave (activities/reminder-wave.ts) against a real database (SQLite, and
// PostgreSQL in project unit-pg) and a real SMTP server, run in Temporal's mock activity context (its
// heartbeats and a retry's heartbeat details): exact counts at the SMTP server and in EmailMessage, the
// same business keys as the per-unit reminder, nothing sent twice, a resumed wave sends only the rows
// after its cursor, and a unit whose deadline was moved follows its own dates.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stringify } from 'yaml';
import { createActivities, type Activities } from '../../activities/index.ts';
import { createMailGate, MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { reminderWaveActivities, type ReminderWaveResult } from '../../activities/reminder-wave.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { addDays, lastDayOfDue } from '../../domain/calendar.ts';
import { extensionSchedule } from '../../domain/extension.ts';
import { emailKey } from '../../domain/ids.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

const N = 300;
const code = (i: number) => `u-${String(i).padStart(3, '0')}`;
const address = (i: number) => `${code(i)}@wave.test.dondoc.invalid`;

/** N units, two one-off cycles with the same dates (one for the full wave, one for the resumed one). */
function wavePlan(): { plan: Plan; source: string } {
  const cycle = (key: string) => ({ key, kind: 'one-off', title: `Báo cáo ${key}`, due: { date: '2027-03-20', rule: 'before' }, opensOn: '2027-02-01', units: 'all' });
  const source = stringify({
    version: 1,
    id: 'wave-2027',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch thử đợt nhắc',
    calendar: { civilCodeShift: false },
    standingOffice: { name: 'Văn phòng thử', email: 'office@wave.test.dondoc.invalid' },
    standingCommittee: [{ name: 'Trưởng ban', role: 'head', email: 'head@wave.test.dondoc.invalid' }],
    units: Array.from({ length: N }, (_, i) => ({ code: code(i), name: `Đơn vị ${i}`, kind: 'other', focalPersons: [{ name: `Đầu mối ${i}`, email: address(i) }] })),
    cycles: [cycle('wave-a'), cycle('wave-b')],
    reminders: { daysBefore: [7, 3], at: '08:00', workingDaysOnly: false, overdueNoticeDaysAfter: 1, escalationAfterDays: 5, escalationDays: 'calendar', closeAfterDays: 30 },
  });
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

// The wave activities never start workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };

describe('reminder wave (real database, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let plan: Plan;
  let a: StoredCycle;
  let b: StoredCycle;
  const oid = (c: StoredCycle, i: number) => `${c.cycleId}/${code(i)}`;
  const deps = () => ({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
  /** Runs a wave in a mock activity context; `cursor` as a retry's heartbeat details. */
  /**
   * Runs a wave in a mock activity context; `cursor` as a retry's heartbeat details. `beats`: the cursors
   * it heartbeated in order, each once (the keep-alive beats between them repeat the last one); `all`: every beat.
   */
  async function wave(run: Activities['sendReminderWave'], req: { cycleId: string; at: string }, cursor?: string): Promise<{ result: ReminderWaveResult; beats: unknown[]; all: unknown[] }> {
    const env = new MockActivityEnvironment(cursor === undefined ? {} : { heartbeatDetails: cursor });
    const all: unknown[] = [];
    env.on('heartbeat', (d: unknown) => all.push(d));
    const result: ReminderWaveResult = await env.run(run, req);
    return { result, beats: all.filter((d, i) => d !== (i === 0 ? (cursor ?? '') : all[i - 1])), all };
  }
  const reminderRows = (cycleId: string, scheduledFor?: Date) => db.prisma.emailMessage.findMany({ where: { cycleId, kind: 'reminder', ...(scheduledFor ? { scheduledFor } : {}) }, orderBy: { key: 'asc' } });

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities(deps());
    const p = wavePlan();
    plan = p.plan;
    const cycles = await savePlan(db.prisma, p.plan, p.source);
    a = cycles.find((c) => c.cycleKey === 'wave-a')!;
    b = cycles.find((c) => c.cycleKey === 'wave-b')!;
    expect(a.timeline.reminders.length).toBe(2);
  });
  beforeEach(() => catcher.clear());
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('sends each pending unit the reminder due at the instant once, under the per-unit key; a unit with its own deadline follows its own dates', async () => {
    const [r1, r2] = a.timeline.reminders.map((r) => r.at);
    // 20 reported, 5 exempted (the office's activity), 10 reminded for r2 already by the per-unit path,
    // unit 299 given a deadline 10 days later (the office's activity, with the plan's policy).
    await db.prisma.obligation.updateMany({ where: { id: { in: Array.from({ length: 20 }, (_, i) => oid(a, i)) } }, data: { status: 'submitted_on_time' } });
    for (let i = 20; i < 25; i++) await acts.recordExemption({ obligationId: oid(a, i), reason: 'test', by: 'office' });
    for (let i = 25; i < 35; i++) expect(await acts.sendReminder({ obligationId: oid(a, i), scheduledFor: r2!.toISOString() })).toBe('sent');
    const own = extensionSchedule(plan.cycles.find((c) => c.key === 'wave-a')!, plan.reminders, addDays(lastDayOfDue(a.timeline.dueAt), 10));
    await acts.recordExtension({ obligationId: oid(a, 299), dueAt: own.dueAt.toISOString(), reason: 'test', by: 'office' });
    expect(own.remindersAt[0]!.getTime()).toBeGreaterThan(a.timeline.dueAt.getTime()); // its own first reminder is after the cycle's deadline
    await catcher.waitFor((m) => m.length >= 10);
    catcher.clear();

    // The wave at the cycle's second reminder: r1 was missed by everyone and collapses into r2.
    const first = await wave(acts.sendReminderWave, { cycleId: a.cycleId, at: r2!.toISOString() });
    expect(first.result).toStrictEqual({ sent: 264, alreadySent: 10, skipped: 1, rejected: 0 });
    expect(first.beats).toStrictEqual([oid(a, 299)]); // one page of 275 pending rows, the cursor its last id
    const mails = await catcher.waitFor((m) => m.length >= 264);
    expect(mails.length).toBe(264);
    const to = mails.map((m) => m.to[0]).sort();
    expect(to).toStrictEqual(Array.from({ length: 264 }, (_, k) => address(35 + k)));
    const rows = await reminderRows(a.cycleId, r2);
    expect(rows.length).toBe(274);
    expect(rows.every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
    expect(new Set(rows.map((e) => e.key))).toStrictEqual(new Set(Array.from({ length: 274 }, (_, k) => emailKey('reminder', oid(a, 25 + k), r2!))));
    expect(await reminderRows(a.cycleId, r1)).toStrictEqual([]); // collapsed, never a burst
    expect(await db.prisma.obligation.count({ where: { cycleId: a.cycleId, status: 'reminded' } })).toBe(274);
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: oid(a, 299) } })).status).toBe('extended');

    // Again at the same instant (a retry from scratch, a second call): nothing goes out.
    catcher.clear();
    const again = await wave(acts.sendReminderWave, { cycleId: a.cycleId, at: r2!.toISOString() });
    expect(again.result).toStrictEqual({ sent: 0, alreadySent: 274, skipped: 1, rejected: 0 });
    expect(catcher.messages().length).toBe(0);

    // At the extended unit's own first reminder: it alone gets one, under its own instant; the others
    // are past the cycle's deadline.
    const ownWave = await wave(acts.sendReminderWave, { cycleId: a.cycleId, at: own.remindersAt[0]!.toISOString() });
    expect(ownWave.result).toStrictEqual({ sent: 1, alreadySent: 0, skipped: 274, rejected: 0 });
    expect((await catcher.waitFor((m) => m.length >= 1)).map((m) => m.to[0])).toStrictEqual([address(299)]);
    const ownRow = await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: emailKey('reminder', oid(a, 299), own.remindersAt[0]!) } });
    expect(ownRow.status).toBe('sent');
    expect(await db.prisma.emailMessage.count({ where: { obligationId: oid(a, 299), kind: 'reminder' } })).toBe(1);
  }, 180_000); // about 290 mails, each a new SMTP connection; 26 s for the file here, more on a loaded machine

  it('a retry resumes after its heartbeat cursor: only the rows after it are sent, and each page heartbeats its last id', async () => {
    const r1 = b.timeline.reminders[0]!.at;
    // Keep-alive beats every 20 ms here (5 s in the worker), so that the test sees them between pages.
    const paged = reminderWaveActivities({ ...deps(), mailGate: createMailGate(MAILS_IN_FLIGHT) }, { page: 100, heartbeatMs: 20 });
    // One unit's mailbox does not exist (550): recorded, and the wave goes on.
    catcher.rejectRecipients([address(250)]);
    // A first attempt died after its second page: its heartbeat said unit 199.
    const resumed = await wave(paged.sendReminderWave, { cycleId: b.cycleId, at: r1.toISOString() }, oid(b, 199));
    expect(resumed.result).toStrictEqual({ sent: 99, alreadySent: 0, skipped: 0, rejected: 1 });
    expect(resumed.beats).toStrictEqual([oid(b, 299)]);
    const mails = await catcher.waitFor((m) => m.length >= 99);
    expect(mails.map((m) => m.to[0]).sort()).toStrictEqual(Array.from({ length: 100 }, (_, k) => address(200 + k)).filter((x) => x !== address(250)));
    expect((await reminderRows(b.cycleId)).map((e) => e.obligationId)).toStrictEqual(Array.from({ length: 100 }, (_, k) => oid(b, 200 + k)));
    expect((await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: emailKey('reminder', oid(b, 250), r1) } })).status).toBe('rejected');
    catcher.rejectRecipients([]);

    // From the start: three pages, the 100 already sent counted as such.
    catcher.clear();
    const full = await wave(paged.sendReminderWave, { cycleId: b.cycleId, at: r1.toISOString() });
    // (the rejected mail is not "sent": like a per-unit sendReminder called again, the wave tries it again)
    expect(full.result).toStrictEqual({ sent: 201, alreadySent: 99, skipped: 0, rejected: 0 });
    expect(full.beats).toStrictEqual([oid(b, 99), oid(b, 199), oid(b, 299)]);
    // While a page is sent, the wave heartbeats its resume point (the cursor before the page), never a row not yet done.
    expect(full.all.length).toBeGreaterThan(full.beats.length);
    expect(new Set(full.all)).toStrictEqual(new Set(['', oid(b, 99), oid(b, 199), oid(b, 299)]));
    expect((await catcher.waitFor((m) => m.length >= 201)).length).toBe(201);
    expect(await db.prisma.emailMessage.count({ where: { cycleId: b.cycleId, kind: 'reminder', status: 'sent', attempts: 1 } })).toBe(N - 1);
    expect((await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: emailKey('reminder', oid(b, 250), r1) } })).attempts).toBe(2);
  }, 180_000);
});
