// The indicator figures on a unit's page (issue 14 §1): the lead unit of an indicator is asked for its
// value in each cycle, optionally by sex (female / male / total, the total checked) and as an estimate
// (ước thực hiện); and, for an earlier cycle where it sent only an estimate, for the official value that
// replaces it. Every field is optional (a unit without the data leaves it blank: "no data" in the
// office's table), but a value given must be a non-negative number and a split by sex must add up.
// Pure: the page and the form's check share it.
import { parseLocalNumber } from './figure-values.ts';

export interface IndicatorAsk {
  /** The form field's name, and the prefix of its _female, _male, _estimate fields. */
  field: string;
  key: string;
  /** "Chỉ tiêu 1.2: ..." as the page shows it. */
  label: string;
  unit?: string;
  bySex: boolean;
  /** The cycle the value is for: this one, or an earlier one whose estimate it replaces. */
  forCycleId: string;
  /** Only for this cycle's own value: an official value for an earlier cycle is never an estimate. */
  estimateAllowed: boolean;
  /** For an earlier cycle: its title and the estimate sent then. */
  replaces?: { cycleTitle: string; value: number };
}

export interface IndicatorFigureInput {
  key: string;
  forCycleId: string;
  value: number;
  female?: number;
  male?: number;
  estimate: boolean;
}

export function indicatorField(key: string, forCycleKey?: string): string {
  // Keys and cycle keys are slugs (lowercase, digits, hyphens): "__" cannot occur inside either.
  return forCycleKey === undefined ? `ind_${key}` : `ind_${key}__${forCycleKey}`;
}

const MAX_NUMBER = 1e15;
const CHECKED = new Set(['on', '1', 'true', 'yes']);

/** Validates the posted indicator fields; errors are keyed by field name, nothing is kept on any error. */
export function parseIndicatorFigures(
  asks: readonly IndicatorAsk[],
  raw: Record<string, string | undefined>,
): { ok: true; values: IndicatorFigureInput[] } | { ok: false; errors: Record<string, string> } {
  const values: IndicatorFigureInput[] = [];
  const errors: Record<string, string> = {};
  for (const a of asks) {
    const get = (name: string) => (raw[name] ?? '').trim();
    const number = (name: string, what: string): number | undefined | null => {
      const s = get(name);
      if (s === '') return undefined;
      const n = parseLocalNumber(s);
      if (n === null || n > MAX_NUMBER) {
        errors[name] = `${a.label}${what}: "${s}" không phải là số không âm (ví dụ 1.234,5) / is not a non-negative number (e.g. 1234.5)`;
        return null;
      }
      return n;
    };
    const estimate = a.estimateAllowed && CHECKED.has(get(`${a.field}_estimate`).toLowerCase());
    if (!a.bySex) {
      const v = number(a.field, '');
      if (typeof v === 'number') values.push({ key: a.key, forCycleId: a.forCycleId, value: v, estimate });
      continue;
    }
    const female = number(`${a.field}_female`, ' (nữ / female)');
    const male = number(`${a.field}_male`, ' (nam / male)');
    const total = number(a.field, ' (tổng / total)');
    if (female === null || male === null || total === null) continue;
    if (female === undefined && male === undefined && total === undefined) continue;
    if (female === undefined || male === undefined || total === undefined) {
      errors[a.field] = `${a.label}: vui lòng nhập đủ nữ, nam và tổng / please fill in female, male and total`;
      continue;
    }
    // Compared at a millionth: 12,3 + 45,6 is not exactly 57,9 in binary floating point.
    if (Math.abs(female + male - total) > 1e-6 * Math.max(1, Math.abs(total))) {
      errors[a.field] = `${a.label}: tổng (${fmt(total)}) phải bằng nữ + nam (${fmt(female)} + ${fmt(male)} = ${fmt(female + male)}) / the total must equal female + male`;
      continue;
    }
    values.push({ key: a.key, forCycleId: a.forCycleId, value: total, female, male, estimate });
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

function fmt(n: number): string {
  return n.toLocaleString('vi-VN', { maximumFractionDigits: 6 });
}
