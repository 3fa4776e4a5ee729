// The committee's list as a Vietnamese administrative document (Decree 30/2020/NĐ-CP layout): issuing
// body left and the national motto right, place and date, a bold centred title, the table, "Nơi nhận".
// Printed on A4 in Times New Roman; the screen navigation and English glosses are hidden on paper.
import { formatDay, localDateAt, weekday } from '../../domain/calendar.ts';
import { formatContact } from '../../domain/contacts.ts';
import { escapeHtml, html, type Html } from '../html.ts';
import type { CycleHead } from '../cycle-table.ts';
import { readPlanCommittee, readPlanOffice } from '../../db/stored-json.ts';
import { historyText, type EscalationRow } from './escalation-list.ts';

export const COMMITTEE_TITLE = 'DANH SÁCH ĐƠN VỊ CHƯA NỘP BÁO CÁO';

export const PRINT_CSS = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm }
body{font-family:"Times New Roman",Times,serif;font-size:14pt;line-height:1.3;color:#000;background:#fff;margin:0}
.sheet{max-width:165mm;margin:0 auto;padding:12px}
.screen-only{font-family:system-ui,Arial,sans-serif;font-size:11pt;background:#f6f6f4;border-bottom:1px solid #ccc;padding:8px 12px}
.screen-only a{margin-right:14px}
.en{color:#666;font-size:.8em}
.head{width:100%;border-collapse:collapse;margin-bottom:6pt}.head td{border:0;padding:0;vertical-align:top;text-align:center;font-size:13pt}
.head .left{width:40%}.head .right{width:60%}
.upper{text-transform:uppercase}.rule{display:inline-block;border-top:1px solid #000;width:35%;margin-top:2pt}.motto-rule{width:42%}
.place{font-style:italic;text-align:right;font-size:14pt;margin:6pt 0 12pt}
h1{font-size:14pt;font-weight:bold;text-align:center;margin:12pt 0 0}
.subtitle{text-align:center;font-weight:bold;margin:2pt 0}.asof{text-align:center;font-style:italic;margin:0 0 10pt}
table.list{width:100%;border-collapse:collapse;font-size:13pt}table.list th,table.list td{border:1px solid #000;padding:3pt 4pt;vertical-align:top}
table.list th{font-weight:bold;text-align:center}table.list td.num{text-align:center}
thead{display:table-header-group}tr{break-inside:avoid}
.code{font-size:11pt;color:#333}.history{font-size:12pt}
.foot{width:100%;border-collapse:collapse;margin-top:14pt}.foot td{border:0;vertical-align:top;padding:0}
.recipients{font-size:12pt;width:50%}.recipients b{font-size:12pt;font-style:italic}.recipients p{margin:0}
.sign{text-align:center;font-weight:bold;width:50%}.sign i{font-weight:normal}
@media print { .screen-only, .en { display:none } .sheet{max-width:none;padding:0} }
`;

/** "Lạng Sơn, ngày 05 tháng 3 năm 2026": Decree 30 pads days below 10 and the months 1 and 2. */
export function placeAndDate(province: string, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const place = province.replace(/^(tỉnh|thành phố)\s+/i, '');
  return `${place}, ngày ${String(d).padStart(2, '0')} tháng ${m <= 2 ? String(m).padStart(2, '0') : m} năm ${y}`;
}

export function committeeDocument(cycle: CycleHead, rows: EscalationRow[], now: Date, nav: Html): string {
  const office = readPlanOffice(cycle.plan.office, cycle.plan.id);
  const committee = readPlanCommittee(cycle.plan.committee, cycle.plan.id);
  const today = localDateAt(now);
  const body = html`<nav class="screen-only" aria-label="Điều hướng">${nav}</nav>
<div class="sheet">
<table class="head" role="presentation"><tr>
<td class="left"><b class="upper">${office.name}</b><br><span class="rule"></span><br>Số: &nbsp;&nbsp;&nbsp;&nbsp;&nbsp;/DS</td>
<td class="right"><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b><br><span class="rule motto-rule"></span></td>
</tr></table>
<p class="place">${placeAndDate(cycle.plan.province, today)}</p>
<h1>${COMMITTEE_TITLE}</h1>
<p class="subtitle">${cycle.title} — ${cycle.plan.title}</p>
<p class="asof">(Hạn nộp: ${formatDay(cycle.lastDay, 'vi')}; số liệu tính đến ${formatDay(today, 'vi')}) <span class="en">Units overdue, as of ${formatDay(today, 'en')} (deadline: ${formatDay(cycle.lastDay, 'en')})</span></p>
<table class="list" id="overdue"><thead><tr>
<th>STT</th><th>Đơn vị <span class="en">Unit</span></th><th>Hạn nộp <span class="en">Deadline</span></th><th>Số ngày quá hạn <span class="en">Days overdue</span></th>
<th>Số lần đã nhắc <span class="en">Reminders</span></th><th>Đầu mối liên hệ <span class="en">Contacts</span></th><th>Các kỳ trước <span class="en">Earlier cycles</span></th>
</tr></thead><tbody>
${rows.length === 0 ? html`<tr><td colspan="7" style="text-align:center">Không có đơn vị nào quá hạn. <span class="en">No unit is overdue.</span></td></tr>` : ''}
${rows.map(
  (r, i) => html`<tr data-unit="${r.unitCode}"><td class="num">${i + 1}</td><td>${r.unitName}<br><span class="code">${r.unitCode}</span></td><td class="num">${formatDay(r.lastDay, 'vi')} <span class="en">${weekday(r.lastDay, 'en')}</span></td>
<td class="num" data-days-overdue="${r.daysOverdue}">${r.daysOverdue}</td><td class="num">${r.remindersSent}</td><td>${r.contacts.map((c) => html`${formatContact(c)}<br>`)}</td>
<td class="history">${historyText(r.history) || '—'}</td></tr>`,
)}
</tbody></table>
<p>Tổng số: <b>${rows.length}</b> đơn vị. <span class="en">${rows.length} unit(s).</span></p>
<table class="foot" role="presentation"><tr>
<td class="recipients"><b>Nơi nhận:</b>${committee.map((m) => html`<p>- ${m.name};</p>`)}<p>- Lưu: VT.</p></td>
<td class="sign"><span class="upper">${office.name}</span><br><i>(Ký, ghi rõ họ tên)</i></td>
</tr></table>
</div>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(COMMITTEE_TITLE)} · ${escapeHtml(cycle.title)}</title><style>${PRINT_CSS}</style></head><body>${body.value}</body></html>`;
}
