// Days on the pages, shown and typed the same way everywhere: weekday and dd/mm/yyyy (formatDay in
// domain/calendar.ts), and a text field for dd/mm/yyyy parsed by domain/day-input.ts. Not
// <input type=date>: it shows the browser's own order (mm/dd/yyyy in an English browser) while every
// page, email and document here writes dd/mm/yyyy.
import { formatDay, type LocalDate } from '../domain/calendar.ts';
import { DAY_INPUT_MAX_LENGTH, DAY_INPUT_PATTERN, dayInputMessage, parseDayInput } from '../domain/day-input.ts';
import { bi, html, Html } from './html.ts';

/** A day on a page: "Thứ Hai, 14/12/2026", in English "Monday, 14/12/2026". */
export function day(date: LocalDate): Html {
  return bi(formatDay(date, 'vi'), formatDay(date, 'en'));
}

// Progressive help while typing (the field works without it): the slashes come by themselves after
// the day and the month, a slash typed anyway is not doubled, and 8 digits pasted become dd/mm/yyyy.
// Deleting is left alone so that a slash can be erased.
const MASK = `(function(i){i.addEventListener('input',function(e){if(e.inputType&&e.inputType.indexOf('delete')===0)return;var v=i.value;if(/^\\d{8}$/.test(v))v=v.slice(0,2)+'/'+v.slice(2,4)+'/'+v.slice(4);else if(/^\\d{2}$|^\\d{1,2}\\/\\d{2}$/.test(v))v+='/';v=v.replace(/\\/\\/+/g,'/');if(v!==i.value)i.value=v;});})(document.currentScript.previousElementSibling);`;

export interface DayFieldOptions {
  name: string;
  id?: string;
  /** What the user typed, shown again in a refused form (never reformatted). */
  value?: string;
  /** The element describing the field (its allowed range), for screen readers. */
  describedBy?: string;
  invalid?: boolean;
}

/** A dd/mm/yyyy text field: placeholder, pattern, numeric keyboard on phones, and the typing help. */
export function dayField(o: DayFieldOptions): Html {
  const title = 'dd/mm/yyyy, ví dụ / e.g. 05/06/2027';
  return html`<input type="text" name="${o.name}"${o.id ? html` id="${o.id}"` : ''} value="${o.value ?? ''}" placeholder="dd/mm/yyyy" pattern="${DAY_INPUT_PATTERN}" title="${title}" inputmode="numeric" autocomplete="off" maxlength="${DAY_INPUT_MAX_LENGTH}" size="12" required data-day${o.describedBy ? html` aria-describedby="${o.describedBy}"` : ''}${o.invalid ? html` aria-invalid="true"` : ''}><script>${new Html(MASK)}</script>`;
}

/**
 * The message for a posted day that is not one (the form's `field`), or null when the day is fine or
 * absent from a form that is wrong for another reason. For routes whose schema (DayInput) refused the
 * body: the raw form is still in req.body there.
 */
export function dayProblem(rawBody: unknown, field: string): Html | null {
  const typed = rawBody && typeof rawBody === 'object' ? (rawBody as Record<string, unknown>)[field] : undefined;
  if (typeof typed !== 'string') return null;
  const r = parseDayInput(typed);
  if (r.ok) return null;
  const m = dayInputMessage(r.problem, typed);
  return bi(m.vi, m.en);
}

/** The text fields of a refused form, to show them again (strings only, never the CSRF token). */
export function typedValues(rawBody: unknown): Record<string, string> {
  if (!rawBody || typeof rawBody !== 'object') return {};
  return Object.fromEntries(Object.entries(rawBody).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
}
