// The office's page of a cycle's compiled report (web/reports/report-routes.ts): the downloads, the
// sections the office writes (I's opening, VI, the number and signer) and, in section IV, one field per
// reporting unit filled with the unit's text (its comment and the text read from its files) or the
// office's edit of it (reports/unit-texts.ts); all saved together as the draft's next version. Below,
// the indicator table as section II will print it, so the office writes beside the figures.
import { formatDateTime } from '../../domain/calendar.ts';
import type { IndicatorRow } from '../../domain/report-rows.ts';
import type { DraftVersion } from '../../db/report-drafts.ts';
import { groupUnits, type ObjectiveHead, type OfficeSections, type UnitReport } from '../../reports/province-report.ts';
import { sentUnitText, unitField, withEditedTexts } from '../../reports/unit-texts.ts';
import { indicatorTableHtml } from '../office/indicator-table.ts';
import { bi, html, type Html } from '../html.ts';

export interface ReportPageInput {
  base: string;
  cycleLink: string;
  planTitle: string;
  cycleTitle: string;
  versions: DraftVersion[];
  shown: DraftVersion | undefined;
  sections: OfficeSections;
  units: UnitReport[];
  objectives: ObjectiveHead[];
  indicators: IndicatorRow[];
  canEdit: boolean;
  csrf: Html;
}

function unitFields(p: ReportPageInput): Html {
  const ro = p.canEdit ? '' : ' readonly';
  const units = withEditedTexts(p.units, p.sections.unitTexts);
  if (units.length === 0) return html`<p>${bi('Chưa có đơn vị nào gửi báo cáo.', 'No unit has reported yet.')}</p>`;
  // One field per unit, where its text stands in the report: a unit leading several objectives, under the first.
  const entries = groupUnits(units, p.objectives).flatMap((g) => g.entries.filter((e) => !e.seeAlso).map((e) => ({ ...e, group: g.title })));
  return html`${entries.map(({ unit: u, label, group }) => {
    const text = u.edited ? u.edited.text : sentUnitText(u);
    const id = `iv-${u.unitCode}`;
    return html`<div class="unit-text" data-unit="${u.unitCode}"${u.edited ? html` data-edited="1"` : ''}>
<label for="${id}"><b>${label}. ${u.unitName}</b>${group ? html` <small>(${group})</small>` : ''}</label>
${u.files.length ? html`<br><small>${bi('Tệp', 'Files')}: ${u.files.map((f, i) => html`${i ? ', ' : ''}<a href="${f.url}">${f.name}</a>`)}</small>` : ''}
${u.edited ? html`<br><small>${bi('Đã được cơ quan thường trực biên tập; để trống ô để dùng lại nội dung đơn vị gửi.', 'Edited by the office; leave the field blank to use the unit\'s own text again.')}</small>` : ''}
${u.edited?.stale ? html`<br><b class="late" data-stale="1">${bi('Đơn vị đã gửi bản mới sau khi nội dung này được biên tập.', 'The unit has sent a newer version since this text was edited.')}</b>` : ''}
<br><textarea id="${id}" name="${unitField(u.unitCode)}" rows="8" cols="80" maxlength="50000"${ro}>${text}</textarea></div>`;
  })}`;
}

export function reportPageBody(p: ReportPageInput): Html {
  const s = p.sections;
  const q = p.shown ? `?version=${p.shown.version}` : '';
  const ro = p.canEdit ? '' : ' readonly';
  const field = (name: 'number' | 'intro' | 'proposals' | 'signerTitle' | 'signerName', vi: string, en: string, rows?: number) =>
    rows
      ? html`<label>${bi(vi, en)}<br><textarea name="${name}" rows="${rows}" cols="80" maxlength="50000"${ro}>${s[name]}</textarea></label><br>`
      : html`<label>${bi(vi, en)}<br><input name="${name}" value="${s[name]}" size="60" maxlength="200"${ro}></label><br>`;
  return html`<p><a href="${p.cycleLink}">« ${p.cycleTitle}</a></p>
<h1>${bi('Dự thảo báo cáo tổng hợp của tỉnh', "Draft of the province's report")}</h1>
<p>${p.planTitle} · ${p.cycleTitle}</p>
<p id="downloads"><a href="${p.base}/report.docx${q}">${bi('Tải báo cáo (DOCX)', 'Download the report (DOCX)')}</a> · <a href="${p.base}/print${q}">${bi('Bản in A4', 'A4 print page')}</a> · <a href="${p.base}/dispatch.docx${q}">${bi('Công văn đôn đốc (DOCX)', 'Chasing dispatch (DOCX)')}</a> · <a href="${p.base}/memo.docx${q}">${bi('Báo cáo Ban Chỉ đạo (DOCX)', 'Memo to the committee (DOCX)')}</a></p>
<p>${bi('Số liệu, nhiệm vụ và danh sách đơn vị được lấy lại mỗi lần tải; các phần dưới đây do cơ quan thường trực viết và được giữ theo từng phiên bản. Nội dung của đơn vị chưa được biên tập theo bản mới nhất đơn vị gửi.', 'Figures, tasks and units are read afresh at every download; the sections below are written by the office and kept as versions. A unit\'s text not edited follows the latest version the unit sent.')}</p>
<form method="post" action="${p.base}" class="card" id="sections">${p.canEdit ? p.csrf : ''}
${p.shown ? html`<p>${bi(`Phiên bản ${p.shown.version}, lưu lúc ${formatDateTime(p.shown.savedAt)} bởi ${p.shown.savedBy}`, `Version ${p.shown.version}, saved ${formatDateTime(p.shown.savedAt)} by ${p.shown.savedBy}`)}</p>` : html`<p>${bi('Chưa có phiên bản nào được lưu.', 'No version saved yet.')}</p>`}
${field('number', 'Số, ký hiệu văn bản', 'Number')}
${field('intro', 'I. Tình hình chung (phần mở đầu)', 'I. General situation (opening)', 8)}
<fieldset id="unit-texts"><legend>${bi('IV. Nội dung báo cáo của các đơn vị', 'IV. What the units reported')}</legend>
${unitFields(p)}
</fieldset>
${field('proposals', 'VI. Đề xuất, kiến nghị', 'VI. Proposals', 8)}
${field('signerTitle', 'Chức vụ người ký', "Signer's title")}
${field('signerName', 'Họ tên người ký', "Signer's name")}
${p.canEdit ? html`<button type="submit">${bi('Lưu thành phiên bản mới', 'Save as a new version')}</button>` : ''}
</form>
<h2>${bi('II. Kết quả thực hiện các chỉ tiêu (số liệu hiện tại)', 'II. Results against the indicators (figures as they are now)')}</h2>
${indicatorTableHtml(p.indicators)}
<h2>${bi('Các phiên bản', 'Versions')}</h2>
<ul id="versions">${p.versions.map((v) => html`<li data-version="${v.version}"><a href="${p.base}?version=${v.version}">${bi(`Phiên bản ${v.version}`, `Version ${v.version}`)}</a> · ${formatDateTime(v.savedAt)} · ${v.savedBy}</li>`)}</ul>`;
}
