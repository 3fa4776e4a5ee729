// The migration to Json columns and the ObligationStatus enum keeps every row: on a SQLite database from
// before it (the committed migrations' SQL applied in order on a real file, rows written as the text
// columns held them, foreign keys on as libSQL leaves them), every table it redefines is rebuilt with
// its rows, the rows that point at them (units, obligations, submissions) are still there, and each
// JSON value reads back through Prisma and db/stored-json.ts as the value it was written as.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@libsql/client';
import type { PrismaClient } from '../../db/client.ts';
import { readAuditDetail, readCycleFigures, readCycleRequest, readCycleSummary, readCycleTimeline, readPlanCommittee, readPlanOffice, readSubmissionFigures, timelineToJson } from '../../db/stored-json.ts';
import { cycleTimeline } from '../../domain/timeline.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { sqliteBefore, type SqliteUpgrade } from '../helpers/sqlite-upgrade.ts';


const figures = [{ key: 'so-vu', name: 'Số vụ', unit: 'vụ', type: 'integer' as const }];
const { plan } = threeUnitPlan({ id: 'old-2026', dueDate: '2026-12-15', opensOn: '2026-11-15', figures });
const timeline = cycleTimeline(plan.cycles[0]!, plan.reminders, plan.calendar);
const summary = { expected: 1, submitted: 1, onTime: 1, late: 0, nothingToReport: 0, missing: 0, exempted: 0, reportingRate: { numerator: 1, denominator: 1 }, onTimeRate: { numerator: 1, denominator: 1 }, closedAt: '2027-01-14T01:00:00.000Z' };
const request = { cycle: { ...plan.cycles[0]!, key: 'req-x', kind: 'one-off' }, selection: { by: 'units', codes: ['so-y-te'] }, createdBy: 'cli', createdAt: '2026-11-20T03:00:00.000Z' };
const q = (v: unknown) => `'${JSON.stringify(v).replaceAll("'", "''")}'`;

describe('the enum-and-json migration', () => {
  let db: SqliteUpgrade;
  let sqlite: Client;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await sqliteBefore('20261207140000_enum_and_json');
    sqlite = db.sqlite;
    // An installation as it was, JSON as text, with foreign keys enforced: a table dropped with them on
    // would take its children with it (ON DELETE CASCADE).
    await sqlite.executeMultiple(`
      PRAGMA foreign_keys = ON;
      INSERT INTO "Plan" ("id", "title", "province", "source", "office", "committee") VALUES ('old-2026', 'Kế hoạch', 'Tỉnh', '', ${q(plan.standingOffice)}, ${q(plan.standingCommittee)});
      INSERT INTO "Unit" ("id", "planId", "code", "name", "kind") VALUES ('u1', 'old-2026', 'so-y-te', 'Sở Y tế', 'department');
      INSERT INTO "Contact" ("id", "unitId", "name", "email") VALUES ('c1', 'u1', 'Anh Bình', 'binh@x.vn');
      INSERT INTO "Cycle" ("id", "planId", "key", "kind", "title", "timeline", "lastDay", "dueAt", "opensAt", "closesAt", "status", "summary", "figures")
        VALUES ('old-2026/2026-annual', 'old-2026', '2026-annual', 'annual', 'Năm', ${q(timelineToJson(timeline))}, '2026-12-14', 0, 0, 0, 'closed', ${q(summary)}, ${q(figures)});
      INSERT INTO "Cycle" ("id", "planId", "key", "kind", "title", "timeline", "lastDay", "dueAt", "opensAt", "closesAt", "request")
        VALUES ('old-2026/req-x', 'old-2026', 'req-x', 'one-off', 'Riêng', ${q(timelineToJson(timeline))}, '2026-12-14', 0, 0, 0, ${q(request)});
      INSERT INTO "CycleForm" ("cycleId", "position", "title", "file", "fileName", "sha256", "size", "mediaType") VALUES ('old-2026/2026-annual', 0, 'Mẫu', 'mau.pdf', 'mau.pdf', 'ab', 1, 'application/pdf');
      INSERT INTO "Obligation" ("id", "cycleId", "unitId", "status", "dueAt", "updatedAt") VALUES ('old-2026/2026-annual/so-y-te', 'old-2026/2026-annual', 'u1', 'submitted_on_time', 0, 0);
      INSERT INTO "Obligation" ("id", "cycleId", "unitId", "dueAt", "updatedAt") VALUES ('old-2026/req-x/so-y-te', 'old-2026/req-x', 'u1', 0, 0);
      INSERT INTO "Submission" ("id", "obligationId", "receivedAt", "channel", "onTime", "checksum", "figures") VALUES ('s1', 'old-2026/2026-annual/so-y-te', 0, 'web', 1, 'ab', '{"so-vu":12}');
      INSERT INTO "Submission" ("id", "obligationId", "receivedAt", "channel", "onTime", "checksum") VALUES ('s2', 'old-2026/2026-annual/so-y-te', 0, 'paper', 1, 'cd');
      INSERT INTO "AuditEvent" ("id", "at", "actor", "action", "detail") VALUES ('e1', 0, 'cli', 'extend', '{"reason":"Lũ","by":"cli"}'), ('e2', 0, 'u', 'signout', NULL);
    `);
    prisma = await db.upgrade('PRAGMA foreign_keys = ON;');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('keeps every row, those of the redefined tables and those pointing at them', async () => {
    const counts = { plans: await prisma.plan.count(), units: await prisma.unit.count(), contacts: await prisma.contact.count(), cycles: await prisma.cycle.count(), forms: await prisma.cycleForm.count(), obligations: await prisma.obligation.count(), submissions: await prisma.submission.count(), audit: await prisma.auditEvent.count() };
    expect(counts).toStrictEqual({ plans: 1, units: 1, contacts: 1, cycles: 2, forms: 1, obligations: 2, submissions: 2, audit: 2 });
    expect((await sqlite.execute('PRAGMA foreign_key_check')).rows).toStrictEqual([]);
  });

  it('reads each JSON value back as the value it was written as, the statuses as the enum', async () => {
    const p = await prisma.plan.findUniqueOrThrow({ where: { id: 'old-2026' } });
    expect(readPlanOffice(p.office, p.id)).toStrictEqual(plan.standingOffice);
    expect(readPlanCommittee(p.committee, p.id)).toStrictEqual(plan.standingCommittee);
    const c = await prisma.cycle.findUniqueOrThrow({ where: { id: 'old-2026/2026-annual' } });
    expect(readCycleTimeline(c.timeline, c.id)).toStrictEqual({ ...timeline, escalationRepeatsAt: timeline.escalationRepeatsAt ?? [] });
    expect(readCycleSummary(c.summary, c.id)).toStrictEqual(summary);
    expect(readCycleFigures(c.figures, c.id)).toStrictEqual(figures);
    expect(readCycleRequest(c.request, c.id)).toBeUndefined();
    const r = await prisma.cycle.findUniqueOrThrow({ where: { id: 'old-2026/req-x' } });
    expect(readCycleRequest(r.request, r.id)?.selection).toStrictEqual({ by: 'units', codes: ['so-y-te'] });
    expect(readCycleFigures(r.figures, r.id)).toStrictEqual([]); // the column's default, '[]'
    expect(readCycleSummary(r.summary, r.id)).toBeNull();
    const s = await prisma.submission.findMany({ orderBy: { id: 'asc' } });
    expect(s.map((x) => readSubmissionFigures(x.figures, x.id))).toStrictEqual([{ 'so-vu': 12 }, {}]);
    const e = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(e.map((x) => readAuditDetail(x.detail, x.id))).toStrictEqual([{ reason: 'Lũ', by: 'cli' }, null]);
    expect((await prisma.obligation.findMany({ orderBy: { id: 'asc' } })).map((o) => o.status)).toStrictEqual(['submitted_on_time', 'open']);
  });
});
