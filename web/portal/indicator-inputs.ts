// The indicator fields of a unit's report form (issue 14 §1): one per indicator the unit leads or the
// plan asks of it (`askedOf`), split into female / male / total when the plan asks for it, and into one
// field per locality beside the total (`byLocality`), with an "estimate" box (ước thực hiện); then,
// for an earlier cycle where the unit sent only an estimate, a field for the official value that
// replaces it. All optional; checked by domain/indicator-figures.ts.
import { localityField, type IndicatorAsk } from '../../domain/indicator-figures.ts';
import { bi, html, type Html } from '../html.ts';

function numberInput(name: string, value: string | undefined, err: boolean, labelHtml: Html): Html {
  return html`<label for="${name}">${labelHtml}</label> <input type="text" inputmode="decimal" id="${name}" name="${name}" value="${value ?? ''}" size="10"${err ? html` aria-invalid="true" aria-describedby="${name}-error"` : ''}>`;
}

function askInputs(a: IndicatorAsk, values: Record<string, string>, errors: Record<string, string>): Html {
  const errorOf = (name: string) => errors[name];
  const fieldErrors = [a.field, `${a.field}_female`, `${a.field}_male`].filter((n) => errorOf(n));
  const unit = a.unit ? ` (${a.unit})` : '';
  const inputs = a.bySex
    ? html`${numberInput(`${a.field}_female`, values[`${a.field}_female`], !!errorOf(`${a.field}_female`), bi('Nữ', 'Female'))}
${numberInput(`${a.field}_male`, values[`${a.field}_male`], !!errorOf(`${a.field}_male`), bi('Nam', 'Male'))}
${numberInput(a.field, values[a.field], !!errorOf(a.field), bi('Tổng', 'Total'))}`
    : numberInput(a.field, values[a.field], !!errorOf(a.field), bi('Giá trị', 'Value'));
  const estimate = a.estimateAllowed
    ? html`<br><label><input type="checkbox" name="${a.field}_estimate" value="on"${values[`${a.field}_estimate`] ? ' checked' : ''}> ${bi('Ước thực hiện (số liệu chính thức gửi sau)', 'Estimate (the official figure follows later)')}</label>`
    : '';
  const replaces = a.replaces
    ? html`<br><small>${bi(`Số liệu chính thức kỳ "${a.replaces.cycleTitle}", thay cho số ước thực hiện ${a.replaces.value.toLocaleString('vi-VN')}`, `Official figure for "${a.replaces.cycleTitle}", replacing the estimate ${a.replaces.value}`)}</small>`
    : '';
  const localities = a.localities && a.localities.length > 0
    ? html`<br><small>${bi('Theo địa bàn (tổng các địa bàn phải bằng tổng):', 'By locality (the localities must add up to the total):')}</small>${a.localities.map((l) => {
      const name = localityField(a.field, l.code);
      fieldErrors.push(...(errorOf(name) ? [name] : []));
      return html`<br>${numberInput(name, values[name], !!errorOf(name), html`${l.name}`)}`;
    })}`
    : '';
  return html`<p data-indicator="${a.key}"${a.replaces ? html` data-replaces="${a.forCycleId}"` : ''}><b>${a.label}</b>${unit}${replaces}<br>${inputs}${localities}${estimate}${fieldErrors.map((n) => html`<br><span class="bad" id="${n}-error">${errorOf(n)}</span>`)}</p>`;
}

export function indicatorInputs(asks: readonly IndicatorAsk[], values: Record<string, string>, errors: Record<string, string>): Html {
  if (asks.length === 0) return html``;
  return html`<fieldset id="indicator-figures"><legend><b>${bi('Chỉ tiêu đơn vị báo cáo', 'Indicators this unit reports')}</b></legend>
<p class="en">${bi('Bỏ trống nếu chưa có số liệu.', 'Leave blank when there is no figure yet.')}</p>
${asks.map((a) => askInputs(a, values, errors))}</fieldset>`;
}
