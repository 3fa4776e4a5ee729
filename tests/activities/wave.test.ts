// The whole wave of a waves cycle (activities/reminder-wave.ts runWave) against a real database (SQLite,
// and PostgreSQL in project unit-pg) and a real SMTP server, in Temporal's mock activity context: at
// each of the cycle's instants the reminders, then at the deadline the overdue marks, then the notices,
// exact at the SMTP server and in EmailMessage under the per-unit keys; reported and exempted units
// untouched; a second run sends nothing; an extended unit follows its own deadline and notice instant.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stringify } from 'yaml';
import { createActivities, type Activities } from '../../activities/index.ts';
import type { WaveResult } from '../../activities/reminder-wave.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { addDays, lastDayOfDue } from '../../domain/calendar.ts';
import { extensionSchedule } from '../../domain/extension.ts';
import { emailKey } from '../../domain/ids.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { startMailCatcher, type CaughtMail, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

const N = 30;
const code = (i: number) => `u-${String(i).padStart(2, '0')}`;
const address = (i: number) => `${code(i)}@waves.test.dondoc.invalid`;
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

function wavesPlan(): { plan: Plan; source: string } {
  const source = stringify({
    version: 1,
    id: 'waves-2027',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch thử đợt',
    calendar: { civilCodeShift: false },
    standingOffice: { name: 'Văn phòng thử', email: 'office@waves.test.dondoc.invalid' },
    standingCommittee: [{ name: 'Trưởng ban', role: 'head', email: 'head@waves.test.dondoc.invalid' }],
    units: range(0, N).map((i) => ({ code: code(i), name: `Đơn vị ${i}`, kind: 'other', focalPersons: [{ name: `Đầu mối ${i}`, email: address(i) }] })),
    cycles: [{ key: 'waves-a', kind: 'one-off', title: 'Báo cáo đợt', due: { date: '2027-03-20', rule: 'before' }, opensOn: '2027-02-01', units: 'all' }],
    reminders: { daysBefore: [7, 3], at: '08:00', workingDaysOnly: false, overdueNoticeDaysAfter: 1, escalationAfterDays: 5, escalationDays: 'calendar', closeAfterDays: 30 },
  });
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

// The wave never starts workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };
const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];

describe('the wave of a waves cycle (real database, real SMTP)', () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let acts: Activities;
  let plan: Plan;
  let a: StoredCycle;
  const oid = (i: number) => `${a.cycleId}/${code(i)}`;
  async function wave(at: Date): Promise<WaveResult> {
    catcher.clear();
    return new MockActivityEnvironment().run(acts.runWave, { cycleId: a.cycleId, at: at.toISOString() });
  }
  const sends = (sent: number, alreadySent = 0) => ({ sent, alreadySent, rejected: 0 });
  const statuses = async () => Object.fromEntries((await db.prisma.obligation.findMany({ where: { cycleId: a.cycleId } })).map((o) => [o.id, o.status]));

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const p = wavesPlan();
    plan = p.plan;
    a = (await savePlan(db.prisma, p.plan, p.source))[0]!;
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it('reminds, marks overdue at the deadline, sends each notice once, and leaves reported, exempted and extended units to their own', async () => {
    const t = a.timeline;
    const [r1] = t.reminders.map((r) => r.at);
    // Units 0-4 reported, 5-6 exempted (the office's activity), 29 given a deadline 10 days later.
    await db.prisma.obligation.updateMany({ where: { id: { in: range(0, 5).map(oid) } }, data: { status: 'submitted_on_time' } });
    for (const i of [5, 6]) await acts.recordExemption({ obligationId: oid(i), reason: 'test', by: 'office' });
    const own = extensionSchedule(plan.cycles[0]!, plan.reminders, addDays(lastDayOfDue(t.dueAt), 10));
    await acts.recordExtension({ obligationId: oid(29), dueAt: own.dueAt.toISOString(), reason: 'test', by: 'office' });
    const before = await statuses();
    const pending = range(7, 29);

    // The first reminder: the 22 pending units on the cycle's schedule, nobody else.
    expect(await wave(r1!)).toStrictEqual({ reminders: sends(22), marked: 0, notices: sends(0), skipped: 1 });
    expect((await catcher.waitFor((m) => m.length >= 22)).map((m) => m.to[0]).sort()).toStrictEqual(pending.map(address));

    // The deadline: the 22 marked overdue; no mail (the notice's instant is the next day).
    expect(await wave(t.dueAt)).toStrictEqual({ reminders: sends(0), marked: 22, notices: sends(0), skipped: 1 });
    const marked = await statuses();
    for (const i of pending) expect(marked[oid(i)]).toBe('overdue');
    for (const i of [0, 1, 2, 3, 4, 5, 6, 29]) expect(marked[oid(i)]).toBe(before[oid(i)]); // reported, exempted, extended: untouched
    expect(catcher.messages()).toStrictEqual([]);

    // The notice instant: one notice each, under the per-unit key.
    expect(await wave(t.overdueAt)).toStrictEqual({ reminders: sends(0), marked: 0, notices: sends(22), skipped: 1 });
    const notices = await catcher.waitFor((m) => m.length >= 22);
    expect(notices.every((m) => kind(m) === 'Quá hạn')).toBe(true);
    expect(notices.map((m) => m.to[0]).sort()).toStrictEqual(pending.map(address));
    const rows = await db.prisma.emailMessage.findMany({ where: { cycleId: a.cycleId, kind: 'overdue' } });
    expect(new Set(rows.map((e) => e.key))).toStrictEqual(new Set(pending.map((i) => emailKey('overdue', oid(i), t.overdueAt))));
    expect(rows.every((e) => e.status === 'sent' && e.attempts === 1)).toBe(true);
    // The per-unit path finds the same key sent.
    expect(await acts.sendOverdueNotice({ obligationId: oid(7), scheduledFor: t.overdueAt.toISOString() })).toBe('already-sent');

    // Again (a retry, a second call): nothing more.
    expect(await wave(t.overdueAt)).toStrictEqual({ reminders: sends(0), marked: 0, notices: sends(0, 22), skipped: 1 });
    expect(await statuses()).toStrictEqual(await statuses());
    await new Promise((r) => setTimeout(r, 300));
    expect(catcher.messages()).toStrictEqual([]);

    // The extended unit on its own dates: its reminder, its deadline, its notice, each once.
    expect(await wave(own.remindersAt[0]!)).toStrictEqual({ reminders: sends(1), marked: 0, notices: sends(0, 22), skipped: 0 });
    expect((await catcher.waitFor((m) => m.length >= 1)).map((m) => [kind(m), m.to[0]])).toStrictEqual([['Nhắc nộp báo cáo', address(29)]]);
    expect(await wave(own.dueAt)).toStrictEqual({ reminders: sends(0), marked: 1, notices: sends(0, 22), skipped: 0 });
    expect((await db.prisma.obligation.findUniqueOrThrow({ where: { id: oid(29) } })).status).toBe('overdue');
    expect(await wave(own.overdueAt)).toStrictEqual({ reminders: sends(0), marked: 0, notices: sends(1, 22), skipped: 0 });
    expect((await catcher.waitFor((m) => m.length >= 1)).map((m) => [kind(m), m.to[0]])).toStrictEqual([['Quá hạn', address(29)]]);
    expect((await db.prisma.emailMessage.findUniqueOrThrow({ where: { key: emailKey('overdue', oid(29), own.overdueAt) } })).status).toBe('sent');
    // Reported units never got anything.
    expect(await db.prisma.emailMessage.count({ where: { obligationId: { in: range(0, 7).map(oid) } } })).toBe(0);
  }, 120_000);
});
