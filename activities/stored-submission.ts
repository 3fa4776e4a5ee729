// Reads a unit's report from the database for the obligation workflow. A report is stored first and
// signalled after (db/submissions.ts, temporal/submission-delivery.ts); when the signal has not arrived (Temporal was unreachable) and
// a reminder or the deadline finds the report in the database, the workflow reads it here rather than
// making up its time and whether it was on time.
import { submissionReceivedOf, type SubmissionReceived } from '../workflows/messages.ts';
import type { ActivityDeps } from './deps.ts';
import { returnedVersions } from '../db/reviews.ts';

export function storedSubmissionActivities(deps: ActivityDeps) {
  return {
    /**
     * The obligation's first stored answer (the workflow keeps the first it hears of, as with signals)
     * that the office has not returned for revision, or null.
     */
    async readStoredSubmission(req: { obligationId: string }): Promise<SubmissionReceived | null> {
      const returned = await returnedVersions(deps.prisma, req.obligationId);
      const first = await deps.prisma.submission.findFirst({ where: { obligationId: req.obligationId, id: { notIn: returned } }, orderBy: { receivedAt: 'asc' } });
      return first ? submissionReceivedOf(first) : null;
    },
  };
}
