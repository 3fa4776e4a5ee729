// dondoc's one status vocabulary: what the database stores (as strings), what the workflows report in
// their state and in the DondocStatus search attribute, and what the pages, the CLI and the exports show.
// Pure and import-free: workflow code imports it (tools/lint/eslint.config.js allows it by name).
// Statuses read back from the database are checked with domain/status-schema.ts.

/** One unit's obligation in one cycle (the Obligation table's `status`). */
export const OBLIGATION_STATUSES = [
  'open', // cycle opened, nothing sent yet
  'reminded', // at least one reminder sent
  'submitted_on_time',
  'submitted_late',
  'nothing_to_report', // the unit confirmed it has nothing to report this cycle (not the same as missing)
  'overdue', // deadline passed without a report
  'escalated', // overdue and named to the standing committee
  'extended', // the office granted a later deadline (gia hạn); owes a report by then
  'exempted', // the office released the unit from this cycle (miễn); not expected
  'missing', // the cycle closed without a report
  'returned', // the office returned the report for revision (trả lại để hoàn thiện); owes a new version by a new last day
] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** A cycle (the Cycle table's `status`): open from its start until closeCycle writes its summary. */
export const CYCLE_STATUSES = ['open', 'closed'] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

/** The DondocStatus search attribute: an obligation's status on an obligation, a cycle's on a cycle. */
export const DONDOC_STATUSES = [...OBLIGATION_STATUSES, 'closed'] as const satisfies readonly (ObligationStatus | CycleStatus)[];
export type DondocStatus = ObligationStatus | CycleStatus;

/** Statuses that still owe a report: reminders, notices and escalation apply to these only. */
export const PENDING_STATUSES: ObligationStatus[] = ['open', 'reminded', 'overdue', 'escalated', 'extended', 'returned'];
export const SUBMITTED_STATUSES: ObligationStatus[] = ['submitted_on_time', 'submitted_late'];
/** Statuses of a unit that answered: a report, or a confirmed "nothing to report". */
export const ANSWERED_STATUSES: ObligationStatus[] = [...SUBMITTED_STATUSES, 'nothing_to_report'];

export const STATUS_LABELS: Record<ObligationStatus, { vi: string; en: string }> = {
  open: { vi: 'Chưa nộp', en: 'Not yet submitted' },
  reminded: { vi: 'Đã nhắc', en: 'Reminded' },
  submitted_on_time: { vi: 'Nộp đúng hạn', en: 'Submitted on time' },
  submitted_late: { vi: 'Nộp muộn', en: 'Submitted late' },
  nothing_to_report: { vi: 'Không có nội dung báo cáo', en: 'Nothing to report' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  escalated: { vi: 'Quá hạn, đã báo cáo Thường trực Ban', en: 'Overdue, escalated' },
  missing: { vi: 'Không nộp', en: 'Not submitted' },
  extended: { vi: 'Được gia hạn', en: 'Deadline extended' },
  exempted: { vi: 'Được miễn', en: 'Exempted' },
  returned: { vi: 'Bị trả lại để hoàn thiện', en: 'Returned for revision' },
};

/**
 * The office's review of a submitted version (ObligationDecision.kind): `accept` is a mark on the
 * version, not a status (the obligation stays submitted on time or late); `return` makes it "returned".
 */
export const REVIEW_KINDS = ['accept', 'return'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
