// Recording a report: the database first (a stored report is never lost), then the obligation's
// workflow is told (temporal/submission-delivery.ts). When Temporal is unreachable the submission
// stays marked undelivered and the web processes' redelivery loop delivers it later.
// Used by the web app (a unit's link, the office's paper report) and the CLI (`dondoc submit`).
// A submission's id is chosen by the form (a double-click posts the same one), so a post can name an
// id already used: the same answer again is that answer (its receipt); anything else, another
// unit's id or this unit's earlier form sent with changes, stores nothing and says so (a
// SubmissionIdConflict, a 409 for the routes).
import { createHash } from 'node:crypto';
import type { SubmissionKind } from '../workflows/messages.ts';
import { isUniqueViolation, withBusyRetry, type PrismaClient } from './client.ts';
import { markAnswered } from './obligation-status.ts';
import { readSubmissionFigures, type StoredJson } from './stored-json.ts';
import type { FigureValues } from '../domain/figure-values.ts';
import type { IndicatorFigureInput } from '../domain/indicator-figures.ts';
import { storeIndicatorFigures } from './indicator-figures.ts';

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
  /** The indicator values the unit leads, validated (domain/indicator-figures.ts), stored with the submission. */
  indicatorFigures?: IndicatorFigureInput[];
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

/** A text in both languages, Vietnamese first; the pages render it (web/html.ts `bi`). */
export interface Bilingual {
  vi: string;
  en: string;
}

/** The posted id is already another submission's: nothing was stored. `notice` is the bilingual text to show. */
export class SubmissionIdConflict extends Error {
  constructor(
    readonly notice: Bilingual,
    /** This obligation's earlier submission under that id (its receipt); absent for another unit's. */
    readonly earlier?: { id: string },
  ) {
    super(earlier ? 'submission id already used with other content' : 'submission id belongs to another obligation');
  }
}

function conflictOf(existing: { id: string; obligationId: string }, obligationId: string): SubmissionIdConflict {
  if (existing.obligationId !== obligationId) {
    // Nothing about the other submission is told: the id alone is what was forged or reused.
    return new SubmissionIdConflict({
      vi: 'Mã biểu mẫu này đã được dùng cho một lần nộp khác. Chưa có gì được lưu; vui lòng tải lại trang và nộp lại.',
      en: 'This form\'s number was already used by another submission. Nothing was stored; please reload the page and submit again.',
    });
  }
  return new SubmissionIdConflict(
    {
      vi: 'Biểu mẫu này đã được gửi trước đó với nội dung khác. Chưa có gì được lưu lần này; vui lòng nộp lại từ biểu mẫu mới để lưu thành phiên bản mới.',
      en: 'This form was already sent earlier with other content. Nothing was stored this time; please submit again from a fresh form to store a new version.',
    },
    { id: existing.id },
  );
}

type StoredIndicator = { cycleId: string; indicatorId: string; value: number; female: number | null; male: number | null; estimate: boolean; localityUnitId: string | null };
type StoredFields = { id: string; obligationId: string; kind: string; comment: string | null; checksum: string; fileSha256: string | null; figures: StoredJson; channel: string; indicatorFigures: StoredIndicator[] };

/** The indicator values of a submission, in one order, for comparing a stored answer with a posted one. */
function indicatorSignature(values: { forCycleId: string; key: string; value: number; female?: number | null; male?: number | null; estimate: boolean; locality?: string | null }[]): string {
  return JSON.stringify(values.map((v) => [v.forCycleId, v.key, v.value, v.female ?? null, v.male ?? null, v.estimate, v.locality ?? null]).sort());
}

function rowOf(input: SubmissionInput) {
  // The receipt's checksum identifies what was received: the file when there is one, else the text.
  const checksum = input.file?.sha256 ?? createHash('sha256').update(input.comment, 'utf8').digest('hex');
  const file = input.file
    ? { fileSha256: input.file.sha256, fileName: input.file.name, fileSize: input.file.size, fileType: input.file.contentType }
    : {};
  // Left NULL (undefined) when the cycle asks for none.
  const figures = input.figures && Object.keys(input.figures).length > 0 ? input.figures : undefined;
  return { checksum, file, figures, comment: input.comment || null, kind: input.kind ?? 'report' };
}

/** Same keys and values, whatever their order (PostgreSQL's JSONB keeps none). */
function sameFigures(a: FigureValues, b: FigureValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

const INDICATORS = { indicatorFigures: { select: { cycleId: true, indicatorId: true, value: true, female: true, male: true, estimate: true, localityUnitId: true } } } as const;

/** The same answer as the stored one (a double-click, or a retry after a lost response)? */
function sameAnswer(existing: StoredFields, input: SubmissionInput): boolean {
  const row = rowOf(input);
  return existing.obligationId === input.obligationId && existing.channel === input.channel && existing.kind === row.kind && existing.comment === row.comment
    && existing.checksum === row.checksum && (existing.fileSha256 ?? undefined) === input.file?.sha256 && sameFigures(readSubmissionFigures(existing.figures, existing.id), row.figures ?? {})
    // The indicator id is "<planId>/<key>" (db/indicator-figures.ts): the key is what follows the last "/".
    && indicatorSignature(existing.indicatorFigures.map((f) => ({ ...f, forCycleId: f.cycleId, locality: f.localityUnitId, key: f.indicatorId.slice(f.indicatorId.lastIndexOf('/') + 1) }))) === indicatorSignature(input.indicatorFigures ?? []);
}

/**
 * The submission already stored under `input.submissionId` when it is this same answer (the caller
 * answers with its receipt), null when the id is free; throws SubmissionIdConflict otherwise.
 * Asked before an uploaded file is committed, so a refused post never puts a file in place.
 */
export async function earlierSubmission(prisma: PrismaClient, input: SubmissionInput) {
  const s = await prisma.submission.findUnique({ where: { id: input.submissionId }, include: INDICATORS });
  if (!s) return null;
  if (!sameAnswer(s, input)) throw conflictOf(s, input.obligationId);
  return s;
}

export async function recordSubmission(prisma: PrismaClient, input: SubmissionInput) {
  const { checksum, file, figures, comment, kind } = rowOf(input);
  try {
    return await withBusyRetry(() => prisma.$transaction(async (tx) => {
      const o = await tx.obligation.findUniqueOrThrow({ where: { id: input.obligationId }, include: { cycle: true, unit: true } });
      if (o.cycle.status === 'closed') throw new CycleClosedError();
      // After a return for revision dueAt is the new last day's end, and a late returned version makes
      // every later one late (db/reviews.ts): the README's on-time rule of a resubmission.
      const onTime = input.receivedAt < o.dueAt && !o.returnedLate;
      const s = await tx.submission.create({
        data: { id: input.submissionId, obligationId: o.id, receivedAt: input.receivedAt, channel: input.channel, kind, comment, onTime, checksum, ...file, figures },
      });
      await storeIndicatorFigures(tx, s, o, input.indicatorFigures ?? []);
      await markAnswered(tx, o.id, { kind, onTime, at: input.receivedAt });
      return { submission: s, duplicate: false };
    }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Stored meanwhile (two posts of one form racing): the same answer, or a conflict.
    const s = await prisma.submission.findUniqueOrThrow({ where: { id: input.submissionId }, include: INDICATORS });
    if (!sameAnswer(s, input)) throw conflictOf(s, input.obligationId);
    return { submission: s, duplicate: true };
  }
}
