// What a unit sent in a cycle, every version in full, for the office and the committee on the unit's
// page (web/office/unit-in-cycle.ts): when and how it arrived, the file (a download under its original
// name; a PDF can also open in the browser's viewer), the figures, the whole text and the receipt's
// SHA-256 checksum, and the office's review of it (accepted, or returned: why, who, when). Newest first:
// the last version is usually what is read.
import { formatDateTime } from '../../domain/calendar.ts';
import { readSubmissionFigures, type StoredJson } from '../../db/stored-json.ts';
import { formatFigureValue } from '../../domain/figure-values.ts';
import type { PlanFigure } from '../../domain/plan-schema.ts';
import { formatSize } from '../../domain/file-size.ts';
import { bi, html, type Html } from '../html.ts';
import { versionNumbers } from '../submission-versions.ts';
import type { Review } from '../../db/reviews.ts';
import { reviewRows } from './review-forms.ts';

interface Shown {
  id: string;
  obligationId: string;
  receivedAt: Date;
  onTime: boolean;
  channel: string;
  kind: string;
  comment: string | null;
  checksum: string;
  fileSha256: string | null;
  fileName: string | null;
  fileSize: number | null;
  fileType: string | null;
  figures: StoredJson;
}

/** The office's address of a version's file (web/office/submission-file-routes.ts). */
export function officeFileUrl(unitPage: string, submissionId: string, view = false): string {
  return `${unitPage}/submissions/${encodeURIComponent(submissionId)}/file${view ? '?view=1' : ''}`;
}

export function renderSubmissions(unitPage: string, defs: readonly PlanFigure[], submissions: readonly Shown[], reviews: ReadonlyMap<string, readonly Review[]> = new Map()): Html {
  if (submissions.length === 0) return html`<p>—</p>`;
  const versions = versionNumbers(submissions);
  const newestFirst = [...submissions].sort((a, b) => versions.get(b.id)! - versions.get(a.id)!);
  return html`${newestFirst.map((s, i) => {
    const n = versions.get(s.id)!;
    const values = readSubmissionFigures(s.figures, s.id);
    const figures = defs.filter((f) => values[f.key] !== undefined);
    return html`<section class="card" id="v${n}" data-version="${n}" data-submission="${s.id}">
<h3>${bi(`Phiên bản ${n}`, `Version ${n}`)}${i === 0 && submissions.length > 1 ? html` (${bi('mới nhất', 'latest')})` : ''} · ${formatDateTime(s.receivedAt)} ${s.onTime ? '' : html`<span class="late">(${bi('muộn', 'late')})</span>`}</h3>
<table><colgroup><col style="width:16em"><col></colgroup>
<tr><th>${bi('Hình thức', 'Channel')}</th><td>${s.channel === 'paper' ? bi('Giấy', 'Paper') : 'Web'}</td></tr>
<tr><th>${bi('Loại', 'Kind')}</th><td>${s.kind === 'nothing' ? bi('Không có nội dung báo cáo', 'Nothing to report') : bi('Báo cáo', 'Report')}</td></tr>
<tr><th>${bi('Mã biên nhận', 'Receipt number')}</th><td><code>${s.id}</code></td></tr>
${s.fileSha256
  ? html`<tr><th>${bi('Tệp báo cáo', 'Report file')}</th><td class="report-file"><a href="${officeFileUrl(unitPage, s.id)}" download>${s.fileName ?? 'bao-cao'}</a> · ${formatSize(s.fileSize ?? 0)}${s.fileType === 'application/pdf' ? html` · <a href="${officeFileUrl(unitPage, s.id, true)}" target="_blank" rel="noopener">${bi('Xem trong trình duyệt', 'View in the browser')}</a>` : ''}</td></tr>`
  : ''}
<tr><th>${s.fileSha256 ? bi('Mã kiểm tra SHA-256 của tệp', 'SHA-256 checksum of the file') : bi('Mã kiểm tra SHA-256', 'SHA-256 checksum')}</th><td><code class="checksum">${s.checksum}</code></td></tr>
${figures.map((f) => html`<tr data-figure="${f.key}"><th>${f.name}</th><td>${formatFigureValue(f, values[f.key])}</td></tr>`)}
<tr><th>${s.kind === 'nothing' ? bi('Lý do', 'Reason') : bi('Nội dung / ghi chú', 'Text / comment')}</th><td class="submission-text" style="white-space:pre-wrap">${s.comment ?? '—'}</td></tr>
${reviewRows(reviews.get(s.id) ?? [])}
</table></section>`;
  })}`;
}
