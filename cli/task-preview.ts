// The task reminders `dondoc plan preview` lists after the cycles (issue 14 §2): one line per task with
// a period, the day its lead unit is reminded (domain/task-reminders.ts), the task and the lead unit.
import { DateTime } from 'luxon';
import { VN_ZONE, type LocalDate } from '../domain/calendar.ts';
import type { Plan } from '../domain/plan-schema.ts';
import { plannedTaskReminders, TASK_REMINDER_DAYS_BEFORE } from '../domain/task-reminders.ts';

const ddmmyyyy = (d: LocalDate) => DateTime.fromISO(d).toFormat('dd/MM/yyyy');
const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('HH:mm');

/** The lines, or none when the plan has no task with a period; `from`/`to` keep the reminders in that range. */
export function taskReminderLines(plan: Plan, range: { from?: LocalDate; to?: LocalDate } = {}): string[] {
  const all = plannedTaskReminders(plan);
  if (all.length === 0) return [];
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const shown = all.filter((r) => (!range.from || r.day >= range.from) && (!range.to || r.day <= range.to));
  const out = [
    `Nhắc thực hiện nhiệm vụ (${TASK_REMINDER_DAYS_BEFORE} ngày trước khi hết thời hạn, không vào Chủ nhật) / task reminders (${TASK_REMINDER_DAYS_BEFORE} days before the period ends, never on a Sunday):`,
  ];
  if (shown.length === 0) out.push('  (không có mốc nào trong khoảng đã chọn / no instant in the chosen range)');
  for (const r of shown) {
    out.push(`  ${ddmmyyyy(r.day)} ${hhmm(r.at)}  ${r.ref} ${r.title} — ${names.get(r.lead) ?? r.lead} (hết hạn / ends ${ddmmyyyy(r.to)})`);
  }
  return [...out, ''];
}
