// The compiled report as an A4 print page: the same document as the DOCX (reports/province-report.ts),
// with the same words (reports/report-text.ts), in the committee list's print layout (Times New Roman,
// Decree 30 margins; the screen navigation hidden on paper). Section IV in the DOCX's groups (groupUnits),
// a unit's text as the office edited it where it did.
import { formatDate } from '../../domain/calendar.ts';
import { MOTTO, MOTTO_LINE, placeAndDate } from '../../reports/docx-layout.ts';
import { groupUnits, NOTHING_TO_REPORT, REPORT_TITLE, SECTION_TITLES, seeAlsoText, sentText, type ProvinceReport, type UnitEntry } from '../../reports/province-report.ts';
import { indicatorCells, INDICATOR_HEADER, objectiveLine, rateSentence, taskCells, TASK_HEADER } from '../../reports/report-text.ts';
import { PRINT_CSS } from '../committee/list-document.ts';
import { escapeHtml, html, type Html } from '../html.ts';

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => html`<p class="body">${l}</p>`);

function table(id: string, header: string[], rows: string[][], groups?: (number | undefined)[]): Html {
  return html`<table class="list" id="${id}"><thead><tr>${header.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${rows.map((r, i) => html`${groups?.[i] !== undefined ? html`<tr class="group"><td colspan="${header.length}"><b>${objectiveLine(groups[i]!)}</b></td></tr>` : ''}<tr>${r.map((c, j) => html`<td${j === 0 ? html` class="num"` : ''}>${c.split('\n').map((l, k) => html`${k ? html`<br>` : ''}${l}`)}</td>`)}</tr>`)}
</tbody></table>`;
}

function unitEntry({ unit: u, label, seeAlso }: UnitEntry): Html {
  return html`<section class="unit"><p><b>${label}. ${u.unitName}</b> <i>${sentText(u)}</i></p>
${seeAlso
  ? html`<p class="body"><i>${seeAlsoText(seeAlso)}</i></p>`
  : u.edited
    ? html`${u.kind === 'nothing' ? html`<p class="body"><i>${NOTHING_TO_REPORT}</i></p>` : ''}${lines(u.edited.text)}
${u.files.map((f) => html`<p class="body">Tệp báo cáo: <a href="${f.url}">${f.name}</a></p>`)}`
    : html`${u.kind === 'nothing' ? html`<p class="body"><i>${NOTHING_TO_REPORT}</i></p>` : ''}${lines(u.comment)}
${u.files.map((f) => html`<p class="body">Tệp báo cáo: <a href="${f.url}">${f.name}</a></p>${f.text ? html`<blockquote class="extracted">${lines(f.text)}</blockquote>` : ''}`)}`}</section>`;
}

export function reportPrintPage(r: ProvinceReport, nav: Html): string {
  const s = r.sections;
  const sorted = [...r.indicators].sort((a, b) => a.objective - b.objective || a.number - b.number);
  const groups = sorted.map((x, i) => (i === 0 || sorted[i - 1]!.objective !== x.objective ? x.objective : undefined));
  const body = html`<nav class="screen-only" aria-label="Điều hướng">${nav}</nav>
<div class="sheet">
<table class="head" role="presentation"><tr>
<td class="left"><b class="upper">${r.head.issuer}</b><br><span class="rule"></span><br>${s.number}</td>
<td class="right"><b>${MOTTO}</b><br><b>${MOTTO_LINE}</b><br><span class="rule motto-rule"></span></td>
</tr></table>
<p class="place">${placeAndDate(r.head.province, r.head.date)}</p>
<h1>${REPORT_TITLE}</h1>
<p class="subtitle">Kết quả thực hiện ${r.planTitle} — ${r.cycleTitle}</p>
<h2>${SECTION_TITLES[0]}</h2>${lines(s.intro)}${rateSentence(r.rates).map((l) => html`<p class="body" data-rate>${l}</p>`)}
<h2>${SECTION_TITLES[1]}</h2>${sorted.length ? table('indicators', INDICATOR_HEADER, sorted.map((x, i) => indicatorCells(x, i + 1)), groups) : html`<p class="body"><i>Kế hoạch không có chỉ tiêu được theo dõi trong kỳ này.</i></p>`}
<h2>${SECTION_TITLES[2]}</h2>${r.tasks.length ? table('tasks', TASK_HEADER, r.tasks.map((t, i) => taskCells(t, i + 1))) : html`<p class="body"><i>Không có nhiệm vụ đến hạn trong kỳ báo cáo.</i></p>`}
<h2>${SECTION_TITLES[3]}</h2>
${r.units.length === 0 ? html`<p class="body"><i>Chưa có đơn vị nào gửi báo cáo.</i></p>` : ''}
${groupUnits(r.units, r.objectives).map((g) => html`${g.title ? html`<h3 class="unit-group">${g.title}</h3>` : ''}${g.entries.map(unitEntry)}`)}
<h2>${SECTION_TITLES[4]}</h2>
<p><b>1. Đơn vị chưa gửi báo cáo: ${r.missing.length} đơn vị</b></p>
${r.missing.length ? table('missing', ['STT', 'Đơn vị', 'Hạn nộp', 'Số ngày quá hạn', 'Tình trạng'], r.missing.map((m, i) => [String(i + 1), m.unitName, formatDate(m.lastDay), String(m.daysOverdue), m.status])) : ''}
<p><b>2. Đơn vị gửi báo cáo muộn: ${r.late.length} đơn vị</b></p>
${r.late.length ? table('late', ['STT', 'Đơn vị', 'Hạn nộp', 'Ngày gửi'], r.late.map((l, i) => [String(i + 1), l.unitName, formatDate(l.lastDay), formatDate(l.receivedAt)])) : ''}
<h2>${SECTION_TITLES[5]}</h2>${s.proposals.trim() ? lines(s.proposals) : html`<p class="body"><i>(Cơ quan thường trực bổ sung đề xuất, kiến nghị.)</i></p>`}
<table class="foot" role="presentation"><tr>
<td class="recipients"><b>Nơi nhận:</b>${r.recipients.map((m) => html`<p>- ${m};</p>`)}<p>- Lưu: VT.</p></td>
<td class="sign"><span class="upper">${s.signerTitle}</span><br><i>(Ký, ghi rõ họ tên, đóng dấu)</i><br><br><br><br>${s.signerName}</td>
</tr></table>
</div>`;
  const css = `${PRINT_CSS}h2{font-size:14pt;margin:10pt 0 4pt}p.body{text-indent:10mm;text-align:justify;margin:0 0 4pt}.extracted{font-style:italic;margin:0 0 6pt 10mm;border-left:2px solid #999;padding-left:6pt}tr.group td{background:#eee}h3.unit-group{font-size:14pt;margin:8pt 0 4pt}`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(REPORT_TITLE)} · ${escapeHtml(r.cycleTitle)}</title><style>${css}</style></head><body>${body.value}</body></html>`;
}
