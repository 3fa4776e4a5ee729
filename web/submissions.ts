// Recording a report: the database first (a stored report is never lost), then the obligation's
// workflow is told. When Temporal is unreachable the submission stays marked undelivered and
// `redeliverPending` delivers it later; the workflow ignores a duplicate delivery.
import { createHash } from 'node:crypto';
import { isUniqueViolation, withBusyRetry, type PrismaClient } from '../db/client.ts';
import { PENDING_STATUSES } from '../domain/statuses.ts';
import type { SubmissionKind, SubmissionReceived } from '../workflows/messages.ts';

export interface SubmissionFile {
  sha256: string;
  /** Display text only (web/uploads/file-name.ts); the file is stored under its hash. */
  name: string;
  size: number;
  contentType: string;
}

export interface SubmissionInput {
  submissionId: string; // chosen when the form was rendered: a double-click posts the same id
  obligationId: string;
  comment: string;
  /** The report file, already stored by content (web/uploads/store.ts). */
  file?: SubmissionFile;
  /** The figures the cycle asks for, validated (domain/figure-values.ts). */
  figures?: Record<string, number | string>;
  channel: 'web' | 'paper';
  /** 'nothing': a confirmed "nothing to report" (the comment says why). Defaults to a report. */
  kind?: SubmissionKind;
  receivedAt: Date;
}

export class CycleClosedError extends Error {
  constructor() {
    super('the cycle is closed');
  }
}

export type Deliver = (obligationId: string, s: SubmissionReceived) => Promise<unknown>;

export async function recordSubmission(prisma: PrismaClient, input: SubmissionInput) {
  // The receipt's checksum identifies what was received: the file when there is one, else the text.
  const checksum = input.file?.sha256 ?? createHash('sha256').update(input.comment, 'utf8').digest('hex');
  const file = input.file
    ? { fileSha256: input.file.sha256, fileName: input.file.name, fileSize: input.file.size, fileType: input.file.contentType }
    : {};
  const figures = input.figures && Object.keys(input.figures).length > 0 ? JSON.stringify(input.figures) : null;
  try {
    return await withBusyRetry(() => prisma.$transaction(async (tx) => {
      const o = await tx.obligation.findUniqueOrThrow({ where: { id: input.obligationId }, include: { cycle: true } });
      if (o.cycle.status === 'closed') throw new CycleClosedError();
      const onTime = input.receivedAt < o.dueAt;
      const kind = input.kind ?? 'report';
      const s = await tx.submission.create({
        data: { id: input.submissionId, obligationId: o.id, receivedAt: input.receivedAt, channel: input.channel, kind, comment: input.comment || null, onTime, checksum, ...file, figures },
      });
      // The first answer decides the status; a later one is kept as a new version. A real report after
      // "nothing to report" says more, so it becomes the status (its own time decides on time or late).
      const reportStatus = onTime ? 'submitted_on_time' : 'submitted_late';
      await tx.obligation.updateMany({
        where: { id: o.id, status: { in: PENDING_STATUSES } },
        data: { status: kind === 'nothing' ? 'nothing_to_report' : reportStatus, submittedAt: input.receivedAt },
      });
      if (kind === 'report') {
        await tx.obligation.updateMany({ where: { id: o.id, status: 'nothing_to_report' }, data: { status: reportStatus, submittedAt: input.receivedAt } });
      }
      return { submission: s, duplicate: false };
    }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const s = await prisma.submission.findUniqueOrThrow({ where: { id: input.submissionId } });
    if (s.obligationId !== input.obligationId) throw new Error('submission id belongs to another obligation');
    return { submission: s, duplicate: true };
  }
}

export async function deliverOne(
  prisma: PrismaClient,
  deliver: Deliver,
  s: { id: string; obligationId: string; receivedAt: Date; onTime: boolean; kind: string },
): Promise<boolean> {
  try {
    await deliver(s.obligationId, { submissionId: s.id, receivedAt: s.receivedAt.toISOString(), onTime: s.onTime, kind: s.kind === 'nothing' ? 'nothing' : 'report' });
  } catch {
    return false; // Temporal unreachable: stays undelivered, retried by redeliverPending
  }
  await prisma.submission.update({ where: { id: s.id }, data: { deliveredAt: new Date() } });
  return true;
}

/** Delivers every stored but undelivered submission; returns how many were delivered. */
export async function redeliverPending(prisma: PrismaClient, deliver: Deliver): Promise<number> {
  const pending = await prisma.submission.findMany({ where: { deliveredAt: null }, orderBy: { receivedAt: 'asc' }, take: 500 });
  let n = 0;
  for (const s of pending) if (await deliverOne(prisma, deliver, s)) n++;
  return n;
}
