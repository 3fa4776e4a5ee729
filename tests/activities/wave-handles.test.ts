// The wave's hot path must hold a bounded number of database handles however many units it writes to.
// At 20,000 units the overdue wave on SQLite once held 10,078 open descriptors on the database file and
// failed with "Failed to connect to database" (BENCHMARKS.md, issue 15): each interactive transaction of
// the libSQL client (0.8, under @prisma/adapter-libsql) left its own connection open for good
// (libsql-client-ts#350, libsql-js#230). Here runWave goes over N units twice, at the first reminder
// (reminder, link, email row, the "reminded" mark) and at the overdue notice's instant (the overdue mark,
// link, notice), against a real database (SQLite; PostgreSQL in project unit-pg) and a real SMTP
// server, and the process's open descriptors are counted before and after. The figures are logged
// for BENCHMARKS.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { stringify } from 'yaml';
import { reminderWaveActivities, type WaveResult } from '../../activities/reminder-wave.ts';
import { createMailGate, MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { startMailCatcher, type MailCatcher } from '../../mail/catcher.ts';
import { createMailer, type Mailer } from '../../mail/mailer.ts';
import { freshDatabase, testProvider, type TestDb } from '../helpers/db.ts';

const N = 1_000;
const code = (i: number) => `h-${String(i).padStart(4, '0')}`;
const address = (i: number) => `${code(i)}@handles.test.dondoc.invalid`;

function handlesPlan() {
  const source = stringify({
    version: 1,
    id: 'handles-2027',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch thử số kết nối',
    calendar: { civilCodeShift: false },
    standingOffice: { name: 'Văn phòng thử', email: 'office@handles.test.dondoc.invalid' },
    standingCommittee: [{ name: 'Trưởng ban', role: 'head', email: 'head@handles.test.dondoc.invalid' }],
    units: Array.from({ length: N }, (_, i) => ({ code: code(i), name: `Đơn vị ${i}`, kind: 'other', focalPersons: [{ name: `Đầu mối ${i}`, email: address(i) }] })),
    cycles: [{ key: 'handles', kind: 'one-off', title: 'Báo cáo thử', due: { date: '2027-03-20', rule: 'before' }, opensOn: '2027-02-01', units: 'all' }],
    reminders: { daysBefore: [3], at: '08:00', workingDaysOnly: false, overdueNoticeDaysAfter: 1, escalationAfterDays: 5, escalationDays: 'calendar', closeAfterDays: 30 },
  });
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

/** The process's open descriptors: all of them, and those on the SQLite file (or its -wal, -shm). */
function openHandles(dbFile: string | undefined): { all: number; onDb: number } {
  const fds = fs.readdirSync('/proc/self/fd');
  let onDb = 0;
  for (const fd of fds) {
    try {
      if (dbFile && fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(dbFile)) onDb++;
    } catch {
      // closed between the listing and the read (the listing's own descriptor)
    }
  }
  return { all: fds.length, onDb };
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
// The wave activities never start workflows: a client that is never connected proves it.
const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };

describe(`the wave's database handles stay bounded (${testProvider})`, () => {
  let db: TestDb;
  let catcher: MailCatcher;
  let mailer: Mailer;
  let cycle: StoredCycle;

  beforeAll(async () => {
    [db, catcher] = await Promise.all([freshDatabase(), startMailCatcher()]);
    mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
    const p = handlesPlan();
    cycle = (await savePlan(db.prisma, p.plan, p.source))[0]!;
  });
  afterAll(async () => {
    mailer.close();
    await catcher.close();
    await db.close();
  });

  it(`runWave over ${N} units, reminders then overdue marks and notices, opens no handle per unit`, async () => {
    const dbFile = testProvider === 'sqlite' ? db.url.replace(/^file:/, '') : undefined;
    const waves = reminderWaveActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal, mailGate: createMailGate(MAILS_IN_FLIGHT) });
    const run = (at: Date) => new MockActivityEnvironment({}).run(waves.runWave, { cycleId: cycle.cycleId, at: at.toISOString() }) as Promise<WaveResult>;
    // One query first, so that the connection (and SQLite's -wal and -shm) is open before counting.
    await db.prisma.obligation.count();
    const before = openHandles(dbFile);
    const rssBefore = process.memoryUsage().rss;
    const started = Date.now();

    const reminders = await run(cycle.timeline.reminders[0]!.at);
    expect(reminders.reminders).toStrictEqual({ sent: N, alreadySent: 0, rejected: 0 });
    const afterReminders = openHandles(dbFile);
    const overdue = await run(cycle.timeline.overdueAt);
    expect(overdue.marked).toBe(N);
    expect(overdue.notices).toStrictEqual({ sent: N, alreadySent: 0, rejected: 0 });
    await catcher.waitFor((m) => m.length >= 2 * N);

    const after = openHandles(dbFile);
    const rssAfter = process.memoryUsage().rss;
    console.log(
      `wave-handles ${testProvider} n=${N}: ${2 * N} mails in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `fds all ${before.all} -> ${afterReminders.all} -> ${after.all}, on the db file ${before.onDb} -> ${afterReminders.onDb} -> ${after.onDb}; ` +
        `rss ${mib(rssBefore)} -> ${mib(rssAfter)} MiB`,
    );
    // Each wave wrote about five rows per unit (link, email row, its attempt and "sent", the status):
    // a handle per write, or per unit, would be thousands here.
    expect(afterReminders.onDb - before.onDb).toBeLessThan(20);
    expect(after.onDb - before.onDb).toBeLessThan(20);
    expect(after.all - before.all).toBeLessThan(20);
    expect(await db.prisma.obligation.count({ where: { cycleId: cycle.cycleId, status: 'overdue' } })).toBe(N);
  }, 300_000);
});
