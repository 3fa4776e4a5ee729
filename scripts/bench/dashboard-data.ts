// The benchmark's data: a plan of N units (scripts/bench/plan.ts) whose measured cycle ended 30 days
// ago, with a realistic mix of answers written in bulk: 60% on time, 10% late, 5% nothing to report,
// 20% overdue (two reminders each), 5% exempted; the answered ones had one reminder in three.
import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../db/client.ts';
import { savePlan } from '../../db/plans.ts';
import { emailKey } from '../../domain/ids.ts';
import { benchPlan, OPEN_CYCLE } from './plan.ts';

const DAY = 86_400_000;
const CHUNK = 500;

type Status = 'submitted_on_time' | 'submitted_late' | 'nothing_to_report' | 'overdue' | 'exempted';

/** The status of the i-th unit: a fixed pattern of 20, so every run has the same mix. */
export function statusOf(i: number): Status {
  const k = i % 20;
  if (k < 12) return 'submitted_on_time';
  if (k < 14) return 'submitted_late';
  if (k < 15) return 'nothing_to_report';
  if (k < 19) return 'overdue';
  return 'exempted';
}

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

export async function seedDashboard(prisma: PrismaClient, planId: string, n: number, now: Date): Promise<{ cycleKey: string; counts: Record<Status, number> }> {
  const { plan, source } = benchPlan(planId, n, new Date(now.getTime() - 90 * DAY)); // due 30 days ago
  const [cycle] = (await savePlan(prisma, plan, source)).filter((c) => c.cycleKey === OPEN_CYCLE);
  if (!cycle) throw new Error('no measured cycle');
  const due = cycle.timeline.dueAt.getTime();
  const byStatus = new Map<Status, string[]>();
  cycle.obligationIds.forEach((id, i) => {
    const s = statusOf(i);
    const list = byStatus.get(s) ?? [];
    list.push(id);
    byStatus.set(s, list);
  });
  const submissions: { id: string; obligationId: string; receivedAt: Date; channel: string; kind: string; comment: string; onTime: boolean; checksum: string; deliveredAt: Date }[] = [];
  const emails: { key: string; kind: string; obligationId: string; cycleId: string; recipients: string; subject: string; messageId: string; status: string; scheduledFor: Date; attempts: number; sentAt: Date }[] = [];
  const reminder = (obligationId: string, daysBefore: number) => {
    const at = new Date(due - daysBefore * DAY);
    emails.push({ key: emailKey('reminder', obligationId, at), kind: 'reminder', obligationId, cycleId: cycle.cycleId, recipients: `${obligationId.split('/').pop()}@bench.dondoc.invalid`, subject: '[Nhắc nộp báo cáo]', messageId: `<${randomUUID()}@bench.dondoc.invalid>`, status: 'sent', scheduledFor: at, attempts: 1, sentAt: at });
  };
  for (const [status, ids] of byStatus) {
    await inChunks(ids, (chunk) => prisma.obligation.updateMany({ where: { id: { in: chunk } }, data: { status } }));
    ids.forEach((obligationId, j) => {
      if (status === 'overdue') return reminder(obligationId, 7), reminder(obligationId, 1);
      if (status === 'exempted') return;
      if (j % 3 === 0) reminder(obligationId, 7);
      const receivedAt = new Date(due + (status === 'submitted_late' ? 2 : -3) * DAY - (j % 1440) * 60_000);
      const comment = status === 'nothing_to_report' ? 'Không phát sinh nội dung báo cáo trong kỳ.' : `Báo cáo tổng kết của đơn vị: đã hoàn thành ${j % 100}% chỉ tiêu; kiến nghị bổ sung kinh phí. `.repeat(3);
      submissions.push({ id: randomUUID(), obligationId, receivedAt, channel: 'web', kind: status === 'nothing_to_report' ? 'nothing' : 'report', comment, onTime: status !== 'submitted_late', checksum: createHash('sha256').update(comment).digest('hex'), deliveredAt: receivedAt });
    });
  }
  await inChunks(submissions, (chunk) => prisma.submission.createMany({ data: chunk }));
  // submittedAt as recordSubmission sets it: the first answer's time.
  // A tagged template: Prisma writes the placeholder each provider wants (? on SQLite, $1 on PostgreSQL).
  await prisma.$executeRaw`UPDATE "Obligation" SET "submittedAt" = (SELECT MIN("receivedAt") FROM "Submission" WHERE "Submission"."obligationId" = "Obligation"."id") WHERE "cycleId" = ${cycle.cycleId}`;
  await inChunks(emails, (chunk) => prisma.emailMessage.createMany({ data: chunk }));
  const counts = Object.fromEntries([...byStatus].map(([s, ids]) => [s, ids.length])) as Record<Status, number>;
  return { cycleKey: cycle.cycleKey, counts };
}
