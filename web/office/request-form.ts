// The office's form for a one-off request on a plan (web/office/request-routes.ts): the fields as the
// browser posts them, turned into the request's input (domain/one-off-request.ts) with every problem
// named, and the form itself, filled from a preset or from what was posted when it comes back.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatDate, localDateAt } from '../../domain/calendar.ts';
import { dayInputMessage, parseDayInput } from '../../domain/day-input.ts';
import { defaultLastDay, parseFigureLine, RequestInputSchema, type ValidRequestInput } from '../../domain/one-off-request.ts';
import { UNIT_KINDS, type UnitKind } from '../../domain/plan-object.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { figureLine, PRESET_KEYS, presetDraft, REQUEST_PRESETS, type PresetKey } from '../../domain/request-presets.ts';
import { csrfField } from '../auth/csrf.ts';
import { bi, html, type Html } from '../html.ts';
import { dayField } from '../dates.ts';

/** Above this many units the form asks for codes in a text box instead of one checkbox each. */
const CHECKBOX_LIMIT = 300;

const KIND_LABELS: Record<UnitKind, [string, string]> = {
  department: ['Sở, ngành', 'departments'],
  board: ['Ban', 'boards'],
  'mass-organisation': ['Tổ chức chính trị - xã hội', 'mass organisations'],
  district: ['Huyện, thị xã, thành phố', 'districts'],
  commune: ['Xã', 'communes'],
  ward: ['Phường', 'wards'],
  'special-zone': ['Đặc khu', 'special zones'],
  other: ['Đơn vị khác', 'other units'],
};

const many = z
  .union([z.string().max(60), z.array(z.string().max(60)).max(20_000)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** The form as posted: plain strings, checked loosely here and for meaning by requestInputOf. */
export const RequestFormBody = z.object({
  title: z.string().max(1_000).default(''),
  by: z.enum(['units', 'objective', 'kind']).optional(),
  codes: many,
  codesText: z.string().max(200_000).optional(),
  objective: z.string().max(12).optional(),
  kind: z.string().max(40).optional(),
  lastDay: z.string().max(40).default(''),
  opensOn: z.string().max(40).optional(),
  figures: z.string().max(20_000).default(''),
  preset: z.string().max(40).optional(),
});
export type RequestForm = z.infer<typeof RequestFormBody>;

const FIELD_LABELS: Record<string, string> = {
  title: 'Tên yêu cầu / title',
  units: 'Đơn vị / units',
  lastDay: 'Hạn nộp / last day',
  opensOn: 'Ngày mở / opening day',
  figures: 'Số liệu / figures',
  preset: 'Mẫu / preset',
};

/** The request's input from the form, or every problem with it (bilingual lines). */
export function requestInputOf(f: RequestForm): { ok: true; input: ValidRequestInput } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const day = (raw: string | undefined, field: string) => {
    if (!raw?.trim()) return undefined;
    const d = parseDayInput(raw);
    if (d.ok) return d.day;
    const m = dayInputMessage(d.problem, raw);
    errors.push(`${FIELD_LABELS[field]}: ${m.vi} / ${m.en}`);
    return undefined;
  };
  const lastDay = day(f.lastDay, 'lastDay');
  if (!f.lastDay.trim()) errors.push(`${FIELD_LABELS.lastDay}: cần nhập / required`);
  const opensOn = day(f.opensOn, 'opensOn');
  const figures = f.figures
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .flatMap((l) => {
      const r = parseFigureLine(l);
      if (!r.ok) errors.push(`${FIELD_LABELS.figures}: ${r.error}`);
      return r.ok ? [r.figure] : [];
    });
  const codes = [...f.codes, ...(f.codesText ?? '').split(/[\s,;]+/)].map((c) => c.trim()).filter(Boolean);
  const units =
    f.by === 'objective' ? { by: 'objective', number: Number(f.objective) } : f.by === 'kind' ? { by: 'kind', kind: f.kind } : { by: 'units', codes };
  const r = RequestInputSchema.safeParse({ title: f.title, units, lastDay: lastDay ?? '', opensOn, preset: f.preset || undefined, figures });
  if (!r.success) {
    for (const i of r.error.issues) {
      const field = String(i.path[0]);
      // The day fields were checked above, with the format the office types in the message.
      if (field === 'lastDay' || field === 'opensOn') continue;
      errors.push(`${FIELD_LABELS[field] ?? field}: ${i.message}`);
    }
  }
  if (errors.length || !r.success) return { ok: false, errors };
  return { ok: true, input: r.data };
}

/** The form's first values: a preset's draft (title, figures), or empty, with a last day two weeks ahead. */
export function initialForm(plan: Plan, now: Date, preset: PresetKey | undefined, objective: number | undefined): RequestForm {
  const o = plan.objectives.find((x) => x.number === objective);
  const draft = preset ? presetDraft(preset, { year: Number(localDateAt(now).slice(0, 4)), objective: o }) : undefined;
  return {
    title: draft?.title ?? '',
    by: o ? 'objective' : 'units',
    codes: [],
    objective: o ? String(o.number) : undefined,
    lastDay: formatDate(defaultLastDay(now)),
    figures: (draft?.figures ?? []).map(figureLine).join('\n'),
    preset,
  };
}

export function isPresetKey(s: string | undefined): s is PresetKey {
  return (PRESET_KEYS as readonly (string | undefined)[]).includes(s);
}

const checked = (on: boolean) => (on ? html` checked` : '');
const selected = (on: boolean) => (on ? html` selected` : '');

/** `note`: shown above the form instead of the errors (the request was stored but not yet sent). */
export function renderRequestForm(req: FastifyRequest, plan: Plan, f: RequestForm, errors: string[] = [], note?: Html): Html {
  const by = f.by ?? 'units';
  const kinds = UNIT_KINDS.filter((k) => plan.units.some((u) => u.kind === k));
  const unitChoice =
    plan.units.length <= CHECKBOX_LIMIT
      ? html`<fieldset class="units">${plan.units.map((u) => html`<label><input type="checkbox" name="codes" value="${u.code}"${checked(f.codes.includes(u.code))}> ${u.name} <code>${u.code}</code></label>`)}</fieldset>`
      : html`<textarea name="codesText" placeholder="so-noi-vu, so-y-te">${f.codesText ?? f.codes.join(', ')}</textarea>`;
  return html`<h1>${bi('Yêu cầu báo cáo riêng', 'One-off request')}: ${plan.title}</h1>
<p>${bi('Mẫu có sẵn (điền tên và số liệu, có thể sửa trước khi tạo):', 'Presets (fill the title and figures; edit them before creating):')}
${PRESET_KEYS.map((k, i) => html`${i ? ' · ' : ' '}<a href="?preset=${k}" data-preset="${k}">${bi(REQUEST_PRESETS[k].vi, REQUEST_PRESETS[k].en)}</a>`)}</p>
${note ? html`<div class="error" role="alert">${note}</div>` : ''}
${errors.length
  ? html`<div class="error" role="alert"><p><b>${bi('Yêu cầu chưa được tạo; chưa có gì được lưu.', 'The request was not created; nothing was stored.')}</b></p><ul class="request-errors">${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
  : ''}
<form method="post" action="/plans/${plan.id}/requests" class="card">${csrfField(req)}
<input type="hidden" name="preset" value="${f.preset ?? ''}">
<label>${bi('Tên yêu cầu', 'Title')} <input type="text" name="title" value="${f.title}" required maxlength="300" style="width:100%"></label>
<h2>${bi('Đơn vị phải nộp', 'Units that must report')}</h2>
<label><input type="radio" name="by" value="units"${checked(by === 'units')}> ${bi('Các đơn vị được chọn', 'The units picked')}</label>
${unitChoice}
${plan.objectives.length
  ? html`<label><input type="radio" name="by" value="objective"${checked(by === 'objective')}> ${bi('Các đơn vị chủ trì mục tiêu', 'The lead units of objective')}
<select name="objective">${plan.objectives.map((o) => html`<option value="${o.number}"${selected(f.objective === String(o.number))}>${o.number}. ${o.text.slice(0, 90)}</option>`)}</select></label>`
  : ''}
<label><input type="radio" name="by" value="kind"${checked(by === 'kind')}> ${bi('Mọi đơn vị thuộc loại', 'Every unit of the kind')}
<select name="kind">${kinds.map((k) => html`<option value="${k}"${selected(f.kind === k)}>${KIND_LABELS[k][0]} / ${KIND_LABELS[k][1]} (${plan.units.filter((u) => u.kind === k).length})</option>`)}</select></label>
<h2>${bi('Thời hạn', 'Deadline')}</h2>
<label>${bi('Hạn nộp (dd/mm/yyyy; rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp nếu kế hoạch áp dụng Điều 148 Bộ luật Dân sự)', 'Last day (dd/mm/yyyy; a day off moves to the next working day when the plan applies Civil Code art. 148)')}
${dayField({ name: 'lastDay', value: f.lastDay })}</label>
<label>${bi('Ngày mở (để trống: hôm nay, thư báo gửi ngay)', 'Opening day (empty: today, the first email goes now)')}
<input type="text" name="opensOn" value="${f.opensOn ?? ''}" placeholder="dd/mm/yyyy" inputmode="numeric"></label>
<h2>${bi('Số liệu yêu cầu', 'Figures asked for')}</h2>
<label>${bi('Mỗi dòng một số liệu: mã:tên:đơn vị tính:kiểu (integer, number, percent, text)', 'One figure a line: key:name:unit:type (integer, number, percent, text)')}
<textarea name="figures" placeholder="du-toan-duoc-giao:Dự toán kinh phí được giao:đồng:integer">${f.figures}</textarea></label>
<p>${bi('Nhắc nộp theo chính sách nhắc của kế hoạch.', 'Reminders follow the plan\'s reminder policy.')}</p>
<p><button type="submit">${bi('Tạo yêu cầu và gửi cho các đơn vị', 'Create the request and tell the units')}</button></p></form>`;
}
