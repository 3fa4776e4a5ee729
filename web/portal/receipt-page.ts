// The receipt on screen (giấy biên nhận): when it arrived, on time or not, the checksum, the file
// and the figures, the same facts the receipt email carries (templates/receipt.ts).
import { formatDateTime } from '../../domain/calendar.ts';
import { readCycleFigures, readSubmissionFigures } from '../../db/stored-json.ts';
import { formatFigureValue } from '../../domain/figure-values.ts';
import { bi, html, page } from '../html.ts';
import { formatSize } from '../uploads/file-name.ts';
import type { LoadedObligation } from './load.ts';

type Submission = LoadedObligation['submissions'][number];

export function renderReceiptPage(o: LoadedObligation, s: Submission, token: string): string {
  const nothing = s.kind === 'nothing';
  const defs = readCycleFigures(o.cycle.figures, o.cycleId);
  const values = readSubmissionFigures(s.figures, s.id);
  const figures = defs.filter((f) => values[f.key] !== undefined);
  const headline = nothing
    ? bi(`${o.cycle.plan.title}: đã nhận xác nhận "không có nội dung báo cáo" cho ${o.cycle.title} của ${o.unit.name}.`, 'Your "nothing to report" confirmation was received.')
    : bi(`${o.cycle.plan.title}: đã nhận ${o.cycle.title} của ${o.unit.name}.`, 'Your report was received.');
  return page(
    'Biên nhận',
    html`<h1>${bi('Biên nhận', 'Receipt')}</h1>
<div class="card"><p class="ok"><b>${headline}</b></p>
<table><tr><th>${bi('Thời điểm nhận', 'Received at')}</th><td>${formatDateTime(s.receivedAt)} (giờ Việt Nam / Vietnam time)</td></tr>
<tr><th>${bi('Tình trạng', 'Status')}</th><td>${s.onTime ? bi('Đúng hạn', 'On time') : bi('Sau hạn', 'Late')}</td></tr>
<tr><th>${bi('Mã biên nhận', 'Receipt number')}</th><td><code>${s.id}</code></td></tr>
${s.fileSha256
  ? html`<tr><th>${bi('Tệp báo cáo', 'Report file')}</th><td id="receipt-file"><a href="/r/${token}/files/${s.fileSha256}">${s.fileName}</a> · ${formatSize(s.fileSize ?? 0)}</td></tr>`
  : ''}
<tr><th>${s.fileSha256 ? bi('Mã kiểm tra SHA-256 của tệp', 'SHA-256 checksum of the file') : bi('Mã kiểm tra SHA-256', 'SHA-256 checksum')}</th><td><code>${s.checksum}</code></td></tr>
${figures.map((f) => html`<tr data-figure="${f.key}"><th>${f.name}</th><td>${formatFigureValue(f, values[f.key])}</td></tr>`)}
${s.comment ? html`<tr><th>${nothing ? bi('Lý do', 'Reason') : bi('Nội dung / ghi chú', 'Text / comment')}</th><td style="white-space:pre-wrap">${s.comment}</td></tr>` : ''}</table>
<p>${bi('Biên nhận cũng được gửi tới email của đầu mối.', 'The receipt is also sent to the focal persons by email.')}</p>
<p><a href="/r/${token}">${bi('Quay lại trang báo cáo', 'Back to the report page')}</a></p></div>`,
    { nav: false },
  );
}
