// The task files in the cycle's ZIP (web/exports/submissions-archive.ts): the files lead units sent
// with their task statuses, for the tasks the cycle's report speaks of (db/task-rows.ts cycleTaskRows:
// those whose period ends within the cycle's data period), every status's file under "nhiem-vu/",
// named by the task's ref, its lead unit and the time it was sent, in the plan's order of the tasks.
// A task report keeps no file name and no type: the type is read from the bytes (web/uploads/
// task-file.ts) while the archive is planned, which a cycle's few task files allow.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../db/client.ts';
import { cycleTaskRows } from '../../db/task-rows.ts';
import { VN_ZONE } from '../../domain/calendar.ts';
import { blobPath } from '../uploads/store.ts';
import { taskFileType } from '../uploads/task-file.ts';
import type { ZipEntry, ZipPaths } from './zip-stream.ts';

export const TASK_FOLDER = 'nhiem-vu';

export interface TaskFileItem {
  path: string;
  blob: string;
  size: number;
  at: Date;
}

/** The task files of the cycle's archive, each path claimed in `paths`; every file checked to be there. */
export async function planTaskFiles(prisma: PrismaClient, uploadsDir: string, cycleId: string, paths: ZipPaths): Promise<TaskFileItem[]> {
  const tasks = await cycleTaskRows(prisma, cycleId);
  if (tasks.length === 0) return [];
  const order = new Map(tasks.map((t, i) => [t.id, i]));
  const reports = await prisma.taskReport.findMany({
    where: { taskId: { in: tasks.map((t) => t.id) }, fileSha256: { not: null } },
    select: { taskId: true, at: true, fileSha256: true, task: { select: { ref: true, leadUnit: { select: { code: true, name: true } } } } },
    orderBy: [{ at: 'asc' }, { id: 'asc' }],
  });
  reports.sort((a, b) => order.get(a.taskId)! - order.get(b.taskId)!); // stable: each task's files stay in time order
  const items: TaskFileItem[] = [];
  for (const r of reports) {
    const blob = r.fileSha256!;
    const at = blobPath(uploadsDir, blob);
    if (!at) throw new Error(`a task report names a file that is not a SHA-256: ${blob}`);
    // Missing: a 500 and a log line now, not an archive cut short (as for the submissions' files).
    const stat = await fs.stat(at).catch((err: unknown) => {
      throw new Error(`a task report's file is missing from the uploads dir: ${blob}`, { cause: err });
    });
    const type = await taskFileType(uploadsDir, blob);
    const when = DateTime.fromJSDate(r.at, { zone: VN_ZONE }).toFormat('yyyy-MM-dd HHmm');
    const unit = r.task.leadUnit;
    items.push({ path: paths.claim(`${TASK_FOLDER}/${r.task.ref} - ${unit.name} (${unit.code}) - ${when}.${type?.extension ?? 'bin'}`), blob, size: stat.size, at: r.at });
  }
  return items;
}

/** Their entries, stored (documents are compressed already), each read from disk when the stream asks. */
export function* taskFileEntries(uploadsDir: string, items: TaskFileItem[]): Generator<ZipEntry> {
  for (const it of items) yield { path: it.path, mtime: it.at, data: () => createReadStream(blobPath(uploadsDir, it.blob)!), deflate: false };
}
