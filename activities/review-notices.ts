// The office's review of a submitted version, as the obligation workflow carries it out: the record
// (db/reviews.ts) and, for a return, the email that tells the unit why, by when, and through which
// link (a new personal-link token, written only while the email has not gone out, as reminders do).
import { formatDateTime, lastDayOfDue } from '../domain/calendar.ts';
import { emailKey } from '../domain/ids.ts';
import { recordAcceptance, recordReturn, type ReturnRecord } from '../db/reviews.ts';
import { renderReturned } from '../templates/returned.ts';
import type { ActivityDeps } from './deps.ts';
import { loadObligation, officeOf } from './obligation-context.ts';
import { alreadySent, sendOnce, type SendOutcome } from './send-once.ts';
import { personalLink, toUnit } from './unit-notices.ts';

export function reviewActivities(deps: ActivityDeps) {
  const { prisma } = deps;
  return {
    recordReturn: (req: ReturnRecord): Promise<void> => recordReturn(prisma, req),
    recordAcceptance: (req: { obligationId: string; submissionId: string; by: string }): Promise<void> => recordAcceptance(prisma, req),

    /** The return notice of one returned version: its key is the version and the new deadline. */
    async sendReturnNotice(req: { obligationId: string; submissionId: string }): Promise<SendOutcome> {
      const decision = await prisma.obligationDecision.findFirstOrThrow({ where: { obligationId: req.obligationId, kind: 'return', submissionId: req.submissionId } });
      const s = await prisma.submission.findUniqueOrThrow({ where: { id: req.submissionId } });
      const o = await loadObligation(prisma, req.obligationId);
      const dueAt = decision.dueAt ?? o.dueAt;
      const envelope = toUnit(o, 'returned', emailKey('returned', req.submissionId, dueAt));
      if (await alreadySent(prisma, envelope.key)) return 'already-sent';
      const link = await personalLink(deps, o.id, o.cycle.closesAt);
      const email = renderReturned({
        unitName: o.unit.name,
        cycleTitle: o.cycle.title,
        receivedAt: formatDateTime(s.receivedAt),
        reason: decision.reason,
        lastDay: lastDayOfDue(dueAt),
        link,
        office: officeOf(o.cycle.plan),
      });
      return sendOnce(deps, { ...envelope, email });
    },
  };
}
