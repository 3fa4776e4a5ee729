// A task's status (domain/report-rows.ts TaskStatus) as the pages say it, Vietnamese first: the lead
// unit's page (web/portal/task-page.ts) and the office's task board (web/office/task-board-routes.ts).
import type { TaskStatus } from '../domain/report-rows.ts';
import { bi, type Html } from './html.ts';

export const TASK_STATUS_WORDS: Record<TaskStatus, [vi: string, en: string]> = {
  not_started: ['Chưa triển khai', 'Not started'],
  in_progress: ['Đang thực hiện', 'In progress'],
  done: ['Đã hoàn thành', 'Done'],
  dropped: ['Không thực hiện', 'Dropped'],
};

export function taskStatusText(s: TaskStatus | undefined): Html {
  return s ? bi(...TASK_STATUS_WORDS[s]) : bi('Chưa báo cáo', 'Not reported');
}
