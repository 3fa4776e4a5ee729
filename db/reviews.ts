// The office's review of a submitted version (issue 12 §2): accepted (tiếp nhận, a mark on the version:
// the obligation's status stays) or returned for revision (trả lại để hoàn thiện: the obligation is
// "returned", owes a new version by a new last day). One row of ObligationDecision per review, naming
// the version; written by the obligation workflow's activities once the workflow took the decision, so
// the ids are derived from the decision and a retried activity writes one row.
import type { PrismaClient } from './client.ts';
import type { ReviewKind } from '../domain/statuses.ts';
import { markReturned } from './obligation-status.ts';

const reviewId = (kind: ReviewKind, obligationId: string, submissionId: string) => `${kind}:${obligationId}:${submissionId}`;

/** The ids of the obligation's versions returned for revision. */
export async function returnedVersions(prisma: PrismaClient, obligationId: string): Promise<string[]> {
  const rows = await prisma.obligationDecision.findMany({ where: { obligationId, kind: 'return' }, select: { submissionId: true } });
  return rows.flatMap((r) => (r.submissionId ? [r.submissionId] : []));
}

export interface ReturnRecord {
  obligationId: string;
  submissionId: string;
  /** The new deadline (end of the new last day). */
  dueAt: string;
  reason: string;
  by: string;
}

/**
 * The obligation owes a new version by `dueAt`: "returned" (from any answered status), its deadline
 * moved, and `returnedLate` set when the returned version had come in late (so every later one is late:
 * the on-time rule of a resubmission, README).
 */
export async function recordReturn(prisma: PrismaClient, r: ReturnRecord): Promise<void> {
  const returned = await prisma.submission.findUniqueOrThrow({ where: { id: r.submissionId }, select: { onTime: true } });
  const dueAt = new Date(r.dueAt);
  const id = reviewId('return', r.obligationId, r.submissionId);
  await prisma.$transaction([
    markReturned(prisma, r.obligationId, dueAt, !returned.onTime),
    prisma.obligationDecision.upsert({
      where: { id },
      create: { id, obligationId: r.obligationId, kind: 'return', submissionId: r.submissionId, reason: r.reason, by: r.by, at: new Date(), dueAt },
      update: {},
    }),
  ]);
}

export async function recordAcceptance(prisma: PrismaClient, r: { obligationId: string; submissionId: string; by: string }): Promise<void> {
  const id = reviewId('accept', r.obligationId, r.submissionId);
  await prisma.obligationDecision.upsert({
    where: { id },
    create: { id, obligationId: r.obligationId, kind: 'accept', submissionId: r.submissionId, reason: '', by: r.by, at: new Date() },
    update: {},
  });
}

export interface Review {
  kind: ReviewKind;
  submissionId: string;
  reason: string;
  by: string;
  at: Date;
  /** return: the new deadline. */
  dueAt: Date | null;
}

/** Every review of the obligation's versions, oldest first (the unit page, the committee's history). */
export async function reviewsOf(prisma: PrismaClient, obligationIds: string[]): Promise<Map<string, Review[]>> {
  const rows = await prisma.obligationDecision.findMany({ where: { obligationId: { in: obligationIds }, kind: { in: ['accept', 'return'] } }, orderBy: { at: 'asc' } });
  const out = new Map<string, Review[]>();
  for (const r of rows) {
    const list = out.get(r.obligationId) ?? [];
    list.push({ kind: r.kind as ReviewKind, submissionId: r.submissionId ?? '', reason: r.reason, by: r.by, at: r.at, dueAt: r.dueAt });
    out.set(r.obligationId, list);
  }
  return out;
}
