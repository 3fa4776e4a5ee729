// A plan's tasks in the database (issue 14 §2), on SQLite and PostgreSQL: stored at each load with
// their period read, updated by a reload without losing a report, and taskRows: the tasks whose period
// ends within a cycle's data period, each with its lead unit's latest status.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { savePlan } from '../../db/plans.ts';
import { readTaskCoordinating } from '../../db/stored-json.ts';
import { taskRows } from '../../db/task-rows.ts';
import { issueTaskToken, recordTaskReport, taskIdForToken } from '../../db/tasks.ts';
import { taskId } from '../../domain/task-reminders.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { taskPlan, type TestTask } from '../helpers/task-plans.ts';

const PLAN = 'tasks-db-2026';
const CYCLE = `${PLAN}/2026-annual`;
// An annual cycle due before 15/12/2026: its data period is 15/12/2025 - 14/12/2026 (Decree 09/2019).
const planOf = (tasks: TestTask[]) => taskPlan({ id: PLAN, dueDate: '2026-12-15', opensOn: '2026-11-15', tasks });
const TASKS: TestTask[] = [
  { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', coordinating: ['so-y-te'], due: 'trong tháng 6/2026' },
  { ref: 'II.2', title: 'Tổng kết', lead: 'so-y-te', due: 'Quý IV/2026' }, // ends 31/12/2026: after the period
  { ref: 'II.3', title: 'Thường xuyên', lead: 'so-y-te' }, // no period
  { ref: 'II.4', title: 'Đầu kỳ', lead: 'ubnd-cao-loc', due: '15/12/2025' }, // the period's first day
  { ref: 'II.5', title: 'Trước kỳ', lead: 'ubnd-cao-loc', due: '14/12/2025' }, // the day before it
];

describe('tasks in the database', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
  });
  afterAll(() => db.close());

  it('stores the tasks at load: lead unit, coordinating units, the period as written and as read', async () => {
    const { plan, source } = planOf(TASKS);
    await savePlan(db.prisma, plan, source);
    const rows = await db.prisma.task.findMany({ where: { planId: PLAN }, orderBy: { position: 'asc' }, include: { leadUnit: true } });
    expect(rows.map((t) => [t.id, t.ref, t.leadUnit.code, t.due, t.fromDay, t.toDay])).toStrictEqual([
      [taskId(PLAN, 'II.1'), 'II.1', 'so-noi-vu', 'trong tháng 6/2026', '2026-06-01', '2026-06-30'],
      [taskId(PLAN, 'II.2'), 'II.2', 'so-y-te', 'Quý IV/2026', '2026-10-01', '2026-12-31'],
      [taskId(PLAN, 'II.3'), 'II.3', 'so-y-te', null, null, null],
      [taskId(PLAN, 'II.4'), 'II.4', 'ubnd-cao-loc', '15/12/2025', '2025-12-15', '2025-12-15'],
      [taskId(PLAN, 'II.5'), 'II.5', 'ubnd-cao-loc', '14/12/2025', '2025-12-14', '2025-12-14'],
    ]);
    expect(readTaskCoordinating(rows[0]!.coordinating, rows[0]!.id)).toStrictEqual(['so-y-te']);
  });

  it('taskRows: the tasks ending within the data period, with the latest status', async () => {
    const at = (s: string) => new Date(s);
    await recordTaskReport(db.prisma, { id: crypto.randomUUID(), taskId: taskId(PLAN, 'II.1'), status: 'in_progress', note: 'đang rà soát', by: 'unit:so-noi-vu', at: at('2026-06-10T03:00:00Z') });
    await recordTaskReport(db.prisma, { id: crypto.randomUUID(), taskId: taskId(PLAN, 'II.1'), status: 'done', note: 'xong', by: 'unit:so-noi-vu', at: at('2026-06-28T03:00:00Z') });
    expect(await taskRows(db.prisma, CYCLE)).toStrictEqual([
      { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'Sở Nội vụ', period: 'trong tháng 6/2026', from: '2026-06-01', to: '2026-06-30', status: 'done', note: 'xong', reportedAt: at('2026-06-28T03:00:00Z') },
      { ref: 'II.4', title: 'Đầu kỳ', lead: 'UBND huyện Cao Lộc', period: '15/12/2025', from: '2025-12-15', to: '2025-12-15' },
    ]);
    expect(await taskRows(db.prisma, `${PLAN}/no-such-cycle`)).toStrictEqual([]);
  });

  it('a report id used twice stores one report', async () => {
    const id = crypto.randomUUID();
    const r = { id, taskId: taskId(PLAN, 'II.4'), status: 'in_progress' as const, by: 'unit:ubnd-cao-loc', at: new Date('2026-01-05T03:00:00Z') };
    expect(await recordTaskReport(db.prisma, r)).toBe(true);
    expect(await recordTaskReport(db.prisma, { ...r, status: 'done' })).toBe(false);
    expect((await db.prisma.taskReport.findMany({ where: { id } })).map((x) => x.status)).toStrictEqual(['in_progress']);
  });

  it('a task link opens its task until it expires', async () => {
    const raw = await issueTaskToken(db.prisma, taskId(PLAN, 'II.2'), new Date('2027-01-31T00:00:00Z'));
    expect(await taskIdForToken(db.prisma, raw, new Date('2027-01-30T00:00:00Z'))).toBe(taskId(PLAN, 'II.2'));
    expect(await taskIdForToken(db.prisma, raw, new Date('2027-01-31T00:00:00Z'))).toBeNull();
    expect(await taskIdForToken(db.prisma, `${raw.slice(0, 42)}x`, new Date('2027-01-30T00:00:00Z'))).toBeNull();
  });

  it('a reload updates tasks in place, deletes a removed task without reports, keeps one with reports', async () => {
    // II.1 (reported) and II.5 (not reported) are gone from the file; II.2's title and period change.
    const next = TASKS.filter((t) => t.ref !== 'II.1' && t.ref !== 'II.5').map((t) => (t.ref === 'II.2' ? { ...t, title: 'Tổng kết năm', due: 'tháng 11/2026' } : t));
    const { plan, source } = planOf(next);
    await savePlan(db.prisma, plan, source);
    const rows = await db.prisma.task.findMany({ where: { planId: PLAN }, orderBy: { ref: 'asc' }, include: { _count: { select: { reports: true } } } });
    expect(rows.map((t) => [t.ref, t.title, t.toDay, t._count.reports])).toStrictEqual([
      ['II.1', 'Rà soát cán bộ nữ', '2026-06-30', 2],
      ['II.2', 'Tổng kết năm', '2026-11-30', 0],
      ['II.3', 'Thường xuyên', null, 0],
      ['II.4', 'Đầu kỳ', '2025-12-15', 1],
    ]);
    // II.2 now ends within the data period; II.1 kept its position (0), shared with II.2 now
    expect((await taskRows(db.prisma, CYCLE)).map((r) => r.ref)).toStrictEqual(['II.1', 'II.2', 'II.4']);
  });
});
