// Tasks (issue 14 §2), pure: the day and instant a task's lead unit is reminded, the plan's task
// reminders as `plan preview` lists them, the board's order, and the reminder workflow's decisions.
import { describe, expect, it } from '@jest/globals';
import type { TaskRow } from '../../domain/report-rows.ts';
import { isOverdue, orderTaskBoard } from '../../domain/task-board.ts';
import { plannedTaskReminders, taskPeriod, taskReminderAt, taskReminderDay } from '../../domain/task-reminders.ts';
import { nextTaskStep, readAgain } from '../../workflows/task-reminder.ts';
import { taskReminderLines } from '../../cli/task-preview.ts';
import { taskPlan } from '../helpers/task-plans.ts';

const CALENDAR = { workingDaysOnly: false, at: '08:00' };
const WORKING = { workingDaysOnly: true, at: '08:00' };

describe('taskReminderDay', () => {
  it('is 7 days before the last day of the period', () => {
    expect(taskReminderDay('2026-06-30', CALENDAR)).toBe('2026-06-23'); // Tuesday
    expect(taskReminderDay('2026-06-30', WORKING)).toBe('2026-06-23');
  });
  it('never falls on a Sunday: Saturday on calendar days, the working day before otherwise', () => {
    // 7 days before 28/06/2026 is Sunday 21/06/2026
    expect(taskReminderDay('2026-06-28', CALENDAR)).toBe('2026-06-20');
    expect(taskReminderDay('2026-06-28', WORKING)).toBe('2026-06-19');
  });
  it('with working days only, leaves public holidays too (National Day 2026: 1-2/9)', () => {
    expect(taskReminderDay('2026-09-09', WORKING)).toBe('2026-08-31');
    expect(taskReminderDay('2026-09-09', CALENDAR)).toBe('2026-09-02'); // a Wednesday: calendar days keep it
  });
  it('is at the plan reminder hour, Vietnam time', () => {
    expect(taskReminderAt('2026-06-30', CALENDAR).toISOString()).toBe('2026-06-23T01:00:00.000Z');
    expect(taskReminderAt('2026-06-30', { ...CALENDAR, at: '14:30' }).toISOString()).toBe('2026-06-23T07:30:00.000Z');
  });
});

describe('a plan’s tasks', () => {
  const { plan } = taskPlan({
    dueDate: '2026-12-15',
    opensOn: '2026-11-15',
    tasks: [
      { ref: 'II.2', title: 'Quý', lead: 'so-y-te', due: 'Quý III/2026' },
      { ref: 'II.1', title: 'Tháng', lead: 'so-noi-vu', due: 'trong tháng 6/2026' },
      { ref: 'II.3', title: 'Không hạn', lead: 'ubnd-cao-loc' },
    ],
  });

  it('reads each period, none for a task without one', () => {
    expect(plan.tasks.map((t) => taskPeriod(t, plan))).toStrictEqual([{ from: '2026-07-01', to: '2026-09-30' }, { from: '2026-06-01', to: '2026-06-30' }, undefined]);
  });

  it('lists the reminders in date order, with the lead unit', () => {
    expect(plannedTaskReminders(plan).map((r) => [r.ref, r.lead, r.day])).toStrictEqual([
      ['II.1', 'so-noi-vu', '2026-06-23'],
      ['II.2', 'so-y-te', '2026-09-23'],
    ]);
  });

  it('plan preview prints task, lead unit and date as dd/mm/yyyy, and keeps to --from/--to', () => {
    const lines = taskReminderLines(plan);
    expect(lines[1]).toBe('  23/06/2026 08:00  II.1 Tháng — Sở Nội vụ (hết hạn / ends 30/06/2026)');
    expect(lines[2]).toBe('  23/09/2026 08:00  II.2 Quý — Sở Y tế (hết hạn / ends 30/09/2026)');
    expect(taskReminderLines(plan, { from: '2026-07-01' }).filter((l) => l.startsWith('  2'))).toStrictEqual([lines[2]]);
    expect(taskReminderLines({ ...plan, tasks: [] })).toStrictEqual([]);
  });
});

describe('the task board', () => {
  const row = (ref: string, lead: string, to: string | undefined, status?: TaskRow['status']): TaskRow => ({ ref, title: ref, lead, ...(to ? { from: to, to } : {}), ...(status ? { status } : {}) });
  const today = '2026-07-15';
  const rows = [
    row('A', 'Sở Y tế', '2026-09-30'),
    row('B', 'Sở Nội vụ', '2026-06-30', 'done'), // past, but done: not overdue
    row('C', 'Sở Y tế', '2026-06-30', 'in_progress'), // overdue
    row('D', 'Sở Nội vụ', undefined),
    row('E', 'Ban Dân tộc', '2026-07-14'), // overdue, not reported
    row('F', 'Sở Nội vụ', '2026-07-15'), // its last day is today: not overdue yet
    row('G', 'Ban Dân tộc', '2026-05-31', 'dropped'),
  ];

  it('an overdue task is past its last day and neither done nor dropped', () => {
    expect(rows.filter((r) => isOverdue(r, today)).map((r) => r.ref)).toStrictEqual(['C', 'E']);
  });
  it('by period: overdue first, then by the end of the period, undated last', () => {
    expect(orderTaskBoard(rows, today).map((r) => r.ref)).toStrictEqual(['C', 'E', 'G', 'B', 'F', 'A', 'D']);
  });
  it('by lead unit: overdue first, then by lead unit (Vietnamese order), then period', () => {
    expect(orderTaskBoard(rows, today, 'lead').map((r) => r.ref)).toStrictEqual(['E', 'C', 'G', 'B', 'F', 'D', 'A']);
  });
  it('orders refs as numbers within a day and unit (II.2 before II.10)', () => {
    expect(orderTaskBoard([row('II.10', 'X', '2026-08-01'), row('II.2', 'X', '2026-08-01')], today).map((r) => r.ref)).toStrictEqual(['II.2', 'II.10']);
  });
});

describe('the reminder workflow’s decisions', () => {
  const at = Date.parse('2026-06-23T01:00:00Z');
  const r = { remindAt: '2026-06-23T01:00:00.000Z', endsAt: '2026-06-30T17:00:00.000Z' };
  it('waits for the instant, sends at once when it passed while the period runs, ends after the period', () => {
    expect(nextTaskStep(r, at - 1)).toStrictEqual({ kind: 'remind', at: r.remindAt });
    expect(nextTaskStep(r, at + 86_400_000)).toStrictEqual({ kind: 'remind', at: r.remindAt });
    expect(nextTaskStep(r, Date.parse(r.endsAt))).toStrictEqual({ kind: 'end', why: 'period-over' });
  });
  it('ends for a task gone from the plan or without a period', () => {
    expect(nextTaskStep(null, at)).toStrictEqual({ kind: 'end', why: 'no-task' });
    expect(nextTaskStep({}, at)).toStrictEqual({ kind: 'end', why: 'no-period' });
  });
  it('reads the instant again only when a reload moved it', () => {
    expect(['sent', 'already-sent', 'skipped-closed', 'moved', 'no-task'].filter((o) => readAgain(o as never))).toStrictEqual(['moved']);
  });
});
