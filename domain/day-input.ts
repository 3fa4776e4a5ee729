// A day typed by a person (an extension's new last day, on the office's and the unit's pages): always
// dd/mm/yyyy, the way Vietnamese documents write dates and the pages show them. A browser's
// <input type=date> shows the order of the browser's own locale (mm/dd/yyyy in an English browser), so
// the pages use a text field and this parser decides what the text means, the same way for every route.
// yyyy-mm-dd is still accepted: pages rendered before the change (a form open in a tab) send it, and so
// do the CLI and scripts.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { LocalDate } from './calendar.ts';

/** Why a typed day is refused: nothing typed, not a day's shape, or a shape with no such day (31/02). */
export type DayInputProblem = 'empty' | 'format' | 'impossible';
export type DayInputResult = { ok: true; day: LocalDate } | { ok: false; problem: DayInputProblem };

// 1 or 2 digits for day and month ("5/6/2027" is how many people type it), 4 for the year: "05/06/27"
// is refused rather than guessed.
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The HTML `pattern` of a day field: the shapes parseDayInput accepts (the browser anchors it). Only a
 * first check while typing; the server decides (31/02/2026 passes the pattern and is refused here).
 */
export const DAY_INPUT_PATTERN = String.raw`\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}`;

/** The longest text worth parsing; anything longer is not a day (and is not echoed back in full). */
export const DAY_INPUT_MAX_LENGTH = 20;

export function parseDayInput(raw: string): DayInputResult {
  const s = raw.trim();
  if (s === '') return { ok: false, problem: 'empty' };
  if (s.length > DAY_INPUT_MAX_LENGTH) return { ok: false, problem: 'format' };
  const dmy = DMY.exec(s);
  const iso = dmy ? null : ISO.exec(s);
  const parts = dmy ? { day: dmy[1], month: dmy[2], year: dmy[3] } : iso ? { day: iso[3], month: iso[2], year: iso[1] } : null;
  if (!parts) return { ok: false, problem: 'format' };
  const year = Number(parts.year);
  // Years outside this range are typing slips (0205 for 2025), not days anyone reports on.
  if (year < 1900 || year > 2999) return { ok: false, problem: 'impossible' };
  // A calendar day, no zone involved: luxon says whether it exists (29/02 only in leap years).
  const d = DateTime.fromObject({ year, month: Number(parts.month), day: Number(parts.day) }, { zone: 'UTC' });
  return d.isValid ? { ok: true, day: d.toISODate()! } : { ok: false, problem: 'impossible' };
}

/** The bilingual message for a refused day, naming what was typed (cut short: it is shown back). */
export function dayInputMessage(problem: DayInputProblem, typed: string): { vi: string; en: string } {
  const t = typed.trim().slice(0, DAY_INPUT_MAX_LENGTH);
  switch (problem) {
    case 'empty':
      return { vi: 'Vui lòng nhập ngày theo dạng dd/mm/yyyy (ví dụ 05/06/2027).', en: 'Please enter the day as dd/mm/yyyy (for example 05/06/2027).' };
    case 'format':
      return {
        vi: `"${t}" không phải là một ngày; vui lòng nhập theo dạng dd/mm/yyyy (ví dụ 05/06/2027).`,
        en: `"${t}" is not a day; please enter it as dd/mm/yyyy (for example 05/06/2027).`,
      };
    case 'impossible':
      return {
        vi: `Không có ngày ${t} trong lịch; vui lòng kiểm tra lại (ngày trước, tháng sau: dd/mm/yyyy).`,
        en: `There is no day ${t} in the calendar; please check it (day first, then month: dd/mm/yyyy).`,
      };
  }
}

/**
 * The zod schema of a day field in a route's body: the text as typed in, a LocalDate (yyyy-mm-dd) out.
 * A refusal carries `params.dayInput` (the problem) and the bilingual message.
 */
export const DayInput = z.string().transform((s, ctx): LocalDate => {
  const r = parseDayInput(s);
  if (r.ok) return r.day;
  const m = dayInputMessage(r.problem, s);
  ctx.addIssue({ code: 'custom', message: `${m.vi} / ${m.en}`, params: { dayInput: r.problem } });
  return z.NEVER;
});
