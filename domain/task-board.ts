// The order of the office's task board (web/office/task-board-routes.ts): overdue tasks first (their
// period ended before today and their lead unit has not reported them done or dropped), then by the
// end of their period or by lead unit, as the office chooses. Pure.
import type { LocalDate } from './calendar.ts';
import type { TaskRow, TaskStatus } from './report-rows.ts';

export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'dropped'] as const satisfies readonly TaskStatus[];
export type BoardOrder = 'period' | 'lead';

const CLOSED: readonly (TaskStatus | undefined)[] = ['done', 'dropped'];

/** Past its period's last day and neither done nor dropped. */
export function isOverdue(row: Pick<TaskRow, 'to' | 'status'>, today: LocalDate): boolean {
  return row.to !== undefined && row.to < today && !CLOSED.includes(row.status);
}

const names = new Intl.Collator('vi', { numeric: true });
// A task without a period sorts after every dated one.
const byEnd = (a: TaskRow, b: TaskRow) => (a.to ?? '9999') < (b.to ?? '9999') ? -1 : (a.to ?? '9999') > (b.to ?? '9999') ? 1 : 0;
const byLead = (a: TaskRow, b: TaskRow) => names.compare(a.lead, b.lead);
const byRef = (a: TaskRow, b: TaskRow) => names.compare(a.ref, b.ref);

export function orderTaskBoard<R extends TaskRow>(rows: readonly R[], today: LocalDate, by: BoardOrder = 'period'): R[] {
  const keys = by === 'lead' ? [byLead, byEnd, byRef] : [byEnd, byLead, byRef];
  return [...rows].sort((a, b) => {
    const overdue = Number(isOverdue(b, today)) - Number(isOverdue(a, today));
    if (overdue !== 0) return overdue;
    for (const k of keys) {
      const c = k(a, b);
      if (c !== 0) return c;
    }
    return 0;
  });
}
