// Turns the unit's posted form (url-encoded, or multipart with a file) into a submission to record,
// or into the page's message when something is wrong. zod checks every field; the figures' schema is
// built from the cycle's definitions (domain/figure-values.ts). The route's own schema only says the
// form is text fields (web/portal/link-input.ts): what they must hold depends on the cycle, on the kind
// of answer and on whether a file came with them, and each problem has its own message, so that is
// decided here, not in a static route schema.
import { z } from 'zod';
import { readCycleFigures } from '../../db/stored-json.ts';
import { parseFigureValues, type FigureValues } from '../../domain/figure-values.ts';
import { parseIndicatorFigures, type IndicatorFigureInput } from '../../domain/indicator-figures.ts';
import type { SubmissionKind } from '../../workflows/messages.ts';
import { bi, html, type Html } from '../html.ts';
import type { RefusalReason } from '../uploads/sniff.ts';
import type { MultipartProblem } from './multipart-form.ts';
import type { LoadedObligation } from './load.ts';
import type { FormState } from './page.ts';

const Fields = z.object({
  submissionId: z.uuid(),
  kind: z.enum(['report', 'nothing']).default('report'),
  comment: z.string().trim().max(20_000, { message: 'too-long' }).default(''),
});

export interface ValidSubmission {
  submissionId: string;
  kind: SubmissionKind;
  comment: string;
  figures?: FigureValues;
  indicatorFigures?: IndicatorFigureInput[];
}

/** The answer to a form no page of ours would send (a forged or damaged post). */
export const INVALID_FORM = bi('Biểu mẫu không hợp lệ; vui lòng tải lại trang và nộp lại.', 'The form is not valid; please reload the page and submit again.');

export type Validated = { ok: true; value: ValidSubmission } | { ok: false; status: number; state: FormState };

/** The posted text fields, to show them again in a refused form (never the CSRF token). */
export function formValues(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
}

export function validateSubmission(o: LoadedObligation, raw: Record<string, unknown>, hasFile: boolean): Validated {
  const parsed = Fields.safeParse(raw);
  const form = raw.kind === 'nothing' ? 'nothing' : 'report';
  const values = formValues(raw);
  const refuse = (message: Html, fieldErrors?: Record<string, string>): Validated => ({ ok: false, status: 400, state: { form, message, values, fieldErrors } });
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.message === 'too-long')) return refuse(bi('Nội dung quá dài (tối đa 20.000 ký tự).', 'The text is too long (at most 20,000 characters).'));
    return refuse(INVALID_FORM);
  }
  const { submissionId, kind, comment } = parsed.data;
  if (kind === 'nothing') {
    if (hasFile) return refuse(bi('Xác nhận "không có nội dung báo cáo" không kèm tệp.', 'A "nothing to report" confirmation carries no file.'));
    if (!comment) return refuse(bi('Vui lòng ghi lý do không có nội dung báo cáo.', 'Please say why there is nothing to report.'));
    return { ok: true, value: { submissionId, kind, comment } };
  }
  if (!hasFile && !comment) {
    return refuse(bi('Vui lòng nhập nội dung báo cáo hoặc đính kèm tệp báo cáo.', 'Please enter the report or attach the report file.'));
  }
  const defs = readCycleFigures(o.cycle.figures, o.cycleId);
  const figures = defs.length === 0 ? ({ ok: true, values: undefined } as const) : parseFigureValues(defs, values);
  // The indicators the unit leads (issue 14 §1): optional, but checked when given; one message for all.
  const indicators = parseIndicatorFigures(o.indicatorAsks, values);
  if (!figures.ok || !indicators.ok) {
    const errors = { ...(figures.ok ? {} : figures.errors), ...(indicators.ok ? {} : indicators.errors) };
    return refuse(bi('Vui lòng kiểm tra các số liệu được đánh dấu; chưa có gì được lưu.', 'Please check the marked figures; nothing was stored.'), errors);
  }
  const indicatorFigures = indicators.values.length > 0 ? indicators.values : undefined;
  return { ok: true, value: { submissionId, kind, comment, figures: figures.values, indicatorFigures } };
}

export function uploadProblemMessage(problem: MultipartProblem, maxBytes: number): { status: number; message: Html } {
  const mb = Math.floor(maxBytes / (1024 * 1024));
  switch (problem) {
    case 'too-large':
      return { status: 413, message: bi(`Tệp quá lớn: tối đa ${mb} MB. Chưa có gì được lưu; vui lòng nén hoặc chia nhỏ tệp rồi nộp lại.`, `The file is too large: at most ${mb} MB. Nothing was stored; please make it smaller and submit again.`) };
    case 'too-many-files':
      return { status: 400, message: bi('Mỗi lần nộp chỉ đính kèm một tệp. Chưa có gì được lưu.', 'Attach one file per submission. Nothing was stored.') };
    default:
      return { status: 400, message: bi('Dữ liệu gửi lên không đầy đủ hoặc bị hỏng. Chưa có gì được lưu; vui lòng nộp lại.', 'The upload was incomplete or damaged. Nothing was stored; please submit again.') };
  }
}

const ACCEPTED = 'PDF, DOC, DOCX, XLS, XLSX, ODT, ODS';

export function fileRefusalMessage(reason: RefusalReason): Html {
  const what: Record<RefusalReason, Html> = {
    empty: bi('Tệp rỗng (0 byte).', 'The file is empty.'),
    html: bi('Tệp là trang web (HTML), không phải tài liệu báo cáo.', 'The file is a web page (HTML), not a report document.'),
    executable: bi('Tệp là chương trình chạy được, không phải tài liệu báo cáo.', 'The file is a program, not a report document.'),
    'zip-other': bi('Tệp nén (ZIP) này không phải tài liệu Word, Excel hay OpenDocument.', 'This ZIP file is not a Word, Excel or OpenDocument document.'),
    'ole2-other': bi('Tệp Office này không phải văn bản Word hay bảng tính Excel.', 'This Office file is neither a Word document nor an Excel workbook.'),
    unknown: bi('Không nhận ra loại tệp.', 'The file type was not recognised.'),
  };
  return html`${what[reason]} ${bi(`Chỉ nhận tệp ${ACCEPTED} (kiểm tra theo nội dung tệp, không theo tên). Chưa có gì được lưu.`, `Only ${ACCEPTED} files are accepted (checked by their content, not their name). Nothing was stored.`)}`;
}
