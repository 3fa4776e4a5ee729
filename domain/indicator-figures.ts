// The indicator figures on a unit's page (issue 14 §1): the lead unit of an indicator is asked for its
// value in each cycle, optionally by sex (female / male / total, the total checked) and as an estimate
// (ước thực hiện); and, for an earlier cycle where it sent only an estimate, for the official value that
// replaces it; split by locality (one value per district, commune, ward or special zone, and the total
// checked against their sum) when the plan says `byLocality`. Every field is optional (a unit without the data leaves it blank: "no data" in the
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
  /** byLocality: one field per locality unit (`<field>_loc_<code>`), the total checked against their sum. */
  localities?: readonly { unitId: string; code: string; name: string }[];
}

export interface IndicatorFigureInput {
  key: string;
  forCycleId: string;
  value: number;
  female?: number;
  male?: number;
  estimate: boolean;
  /** The locality unit's id, for one part of a value split by locality; absent for the unit's own value. */
  locality?: string;
}

export function indicatorField(key: string, forCycleKey?: string): string {
  // Keys and cycle keys are slugs (lowercase, digits, hyphens): "__" cannot occur inside either.
  return forCycleKey === undefined ? `ind_${key}` : `ind_${key}__${forCycleKey}`;
}

/** The field of one locality's part: unit codes are slugs, so "_loc_" cannot be part of `_female` and the like. */
export function localityField(field: string, code: string): string {
  return `${field}_loc_${code}`;
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
    const before = values.length;
    const localities = a.localities ?? [];
    const parts = localities.map((l) => ({ l, v: number(localityField(a.field, l.code), ` (${l.name})`) }));
    if (!a.bySex) {
      const v = number(a.field, '');
      if (typeof v === 'number') values.push({ key: a.key, forCycleId: a.forCycleId, value: v, estimate });
      if (v !== null) addLocalities(a, parts, v, estimate, values, errors, before);
      continue;
    }
    const female = number(`${a.field}_female`, ' (nữ / female)');
    const male = number(`${a.field}_male`, ' (nam / male)');
    const total = number(a.field, ' (tổng / total)');
    if (female === null || male === null || total === null) continue;
    if (female === undefined && male === undefined && total === undefined) {
      addLocalities(a, parts, undefined, estimate, values, errors, before);
      continue;
    }
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
    addLocalities(a, parts, total, estimate, values, errors, before);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

/**
 * The parts by locality of one ask: all blank, or every locality given with the total equal to their
 * sum (a part left out would make the check meaningless). On an error the ask's own value is taken back.
 */
function addLocalities(
  a: IndicatorAsk,
  parts: readonly { l: { unitId: string; name: string }; v: number | undefined | null }[],
  total: number | undefined,
  estimate: boolean,
  values: IndicatorFigureInput[],
  errors: Record<string, string>,
  before: number,
): void {
  if (parts.length === 0) return;
  // A part that is not a number already has its error: the ask's value is not kept either.
  if (parts.some((p) => p.v === null)) return void values.splice(before);
  const given = parts.filter((p): p is { l: { unitId: string; name: string }; v: number } => typeof p.v === 'number');
  if (given.length === 0) return;
  const fail = (message: string) => {
    errors[a.field] = `${a.label}: ${message}`;
    values.splice(before);
  };
  if (given.length < parts.length) {
    const missing = parts.filter((p) => p.v === undefined).map((p) => p.l.name);
    return fail(`vui lòng nhập đủ số liệu của mọi địa bàn, còn thiếu: ${missing.join(', ')} / please fill in every locality, missing: ${missing.join(', ')}`);
  }
  const sum = Math.round(given.reduce((s, p) => s + p.v, 0) * 1e9) / 1e9;
  if (total === undefined) return fail(`vui lòng nhập tổng (bằng tổng các địa bàn: ${fmt(sum)}) / please fill in the total (the sum of the localities: ${sum})`);
  if (Math.abs(sum - total) > 1e-6 * Math.max(1, Math.abs(total))) {
    return fail(`tổng (${fmt(total)}) phải bằng tổng các địa bàn (${fmt(sum)}) / the total (${total}) must equal the sum of the localities (${sum})`);
  }
  for (const p of given) values.push({ key: a.key, forCycleId: a.forCycleId, value: p.v, estimate, locality: p.l.unitId });
}

function fmt(n: number): string {
  return n.toLocaleString('vi-VN', { maximumFractionDigits: 6 });
}
