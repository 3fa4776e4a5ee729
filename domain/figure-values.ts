// The figures a cycle asks each unit for (số liệu), as entered on the unit's page: a zod schema built
// from the plan's definitions turns the form's text into numbers with one clear message per field.
// Vietnamese writes 1.234,5 (dot for thousands, comma for decimals); a plain 1234.5 is accepted too.
// Pure: the web page, the receipt page and the receipt email all use it.
import { z } from 'zod';
import type { PlanFigure } from './plan-schema.ts';

export type FigureValue = number | string;
export type FigureValues = Record<string, FigureValue>;

const MAX_NUMBER = 1e15; // larger than any count or amount a unit reports; catches a pasted ID or typo
const MAX_TEXT = 1000;

// The stored definitions (Cycle.figures) and values (Submission.figures) are read by db/stored-json.ts.

/** Reads "1.234,5", "1234,5", "1234.5" or "1 234" as a number; null when it is not one. */
export function parseLocalNumber(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0]/g, '');
  let normal: string;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normal = s.replace(/\./g, '').replace(',', '.'); // 1.234,5
  else if (/^\d+(,\d+)?$/.test(s)) normal = s.replace(',', '.'); // 1234,5
  else if (/^\d+(\.\d+)?$/.test(s)) normal = s; // 1234.5
  else return null;
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

function fieldSchema(f: PlanFigure) {
  const label = f.name;
  if (f.type === 'text') {
    return z
      .string({ message: `${label}: vui lòng nhập / please fill in` })
      .trim()
      .min(1, { message: `${label}: vui lòng nhập / please fill in` })
      .max(MAX_TEXT, { message: `${label}: tối đa ${MAX_TEXT} ký tự / at most ${MAX_TEXT} characters` });
  }
  return z
    .string({ message: `${label}: vui lòng nhập số / please enter a number` })
    .trim()
    .min(1, { message: `${label}: vui lòng nhập số / please enter a number` })
    .transform((raw, ctx) => {
      const n = parseLocalNumber(raw);
      const issue = (message: string) => {
        ctx.issues.push({ code: 'custom', message, input: raw });
        return z.NEVER;
      };
      // Negative counts, amounts and rates make no sense in these reports; the pattern has no minus sign.
      if (n === null) return issue(`${label}: "${raw}" không phải là số không âm (ví dụ 1.234,5) / is not a non-negative number (e.g. 1234.5)`);
      if (f.type === 'integer' && !Number.isInteger(n)) return issue(`${label}: phải là số nguyên / must be a whole number`);
      if (n > MAX_NUMBER) return issue(`${label}: số quá lớn / the number is too large`);
      return n;
    });
}

/** A schema for the form's fields (`fig_<key>`) that outputs {key: value}. */
export function figureValuesSchema(defs: PlanFigure[]) {
  const shape: Record<string, ReturnType<typeof fieldSchema>> = {};
  for (const f of defs) shape[formFieldName(f.key)] = fieldSchema(f);
  return z.object(shape).transform((o) => {
    const out: FigureValues = {};
    for (const f of defs) out[f.key] = o[formFieldName(f.key)] as FigureValue;
    return out;
  });
}

export function formFieldName(key: string): string {
  return `fig_${key}`;
}

/** Validates the form's raw fields; errors are keyed by figure key. */
export function parseFigureValues(
  defs: PlanFigure[],
  raw: Record<string, string | undefined>,
): { ok: true; values: FigureValues } | { ok: false; errors: Record<string, string> } {
  const r = figureValuesSchema(defs).safeParse(raw);
  if (r.success) return { ok: true, values: r.data };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) {
    const field = String(i.path[0] ?? '');
    const key = field.startsWith('fig_') ? field.slice(4) : field;
    errors[key] ??= i.message;
  }
  return { ok: false, errors };
}

/** A value as Vietnamese writes it (1.234,5), with its unit of measure. */
export function formatFigureValue(f: PlanFigure, v: FigureValue | undefined): string {
  if (v === undefined) return '—';
  const shown = typeof v === 'number' ? v.toLocaleString('vi-VN', { maximumFractionDigits: 6 }) : v;
  return f.unit ? `${shown} ${f.unit}` : shown;
}

/** A value as the form shows it again (Vietnamese decimal comma, no thousands separator). */
export function figureInputValue(v: FigureValue | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'number' ? String(v).replace('.', ',') : v;
}

/** [name, value with unit] of each figure entered, in the plan's order (the receipt's table). */
export function figureRows(defs: readonly PlanFigure[], values: FigureValues): [string, string][] {
  return defs
    .filter((f) => values[f.key] !== undefined)
    .map((f) => [f.name, formatFigureValue(f, values[f.key])]);
}
