// Who is asked for an indicator's figure (issue 14 §1) beyond its lead unit, and the split of a figure
// by locality: the plan's `askedOf` (lead, every unit, or the units of some kinds) and `byLocality`
// (the lead unit reports for the whole province, one value per district, commune, ward or special
// zone, plus the total checked against their sum). Pure: plan loading, the portal, the office's table
// and the compiled report share it (tests/domain/indicator-asked.test.ts).
import { chooseFigure, type ReportedFigure } from './indicator-result.ts';
import type { Breakdown } from './report-rows.ts';

export type AskedOf = 'lead' | 'every-unit' | readonly string[];

/** Kinds of unit that are localities: districts before 2025, communes, wards and special zones after. */
export const LOCALITY_KINDS: readonly string[] = ['district', 'commune', 'ward', 'special-zone'];

export const isLocality = (kind: string) => LOCALITY_KINDS.includes(kind);

/** Stored in one column (Indicator.askedOf): "lead", "every-unit" or the kinds comma-separated. */
export function storeAskedOf(a: AskedOf): string {
  return typeof a === 'string' ? a : a.join(',');
}

export function readAskedOf(stored: string): AskedOf {
  return stored === 'lead' || stored === 'every-unit' ? stored : stored.split(',').filter((k) => k !== '');
}

/** Is this unit asked for the indicator's figure? The lead unit only by default. */
export function isAsked(askedOf: AskedOf, leadCode: string | null, unit: { code: string; kind: string }): boolean {
  if (askedOf === 'lead') return leadCode !== null && unit.code === leadCode;
  if (askedOf === 'every-unit') return true;
  return askedOf.includes(unit.kind);
}

/** "mọi đơn vị / every unit", "huyện, xã / district, commune": who is asked, as the table says it. */
export function askedOfText(askedOf: AskedOf): { vi: string; en: string } {
  if (askedOf === 'lead') return { vi: 'đơn vị chủ trì', en: 'the lead unit' };
  if (askedOf === 'every-unit') return { vi: 'mọi đơn vị', en: 'every unit' };
  const vi: Record<string, string> = { department: 'sở, ngành', board: 'ban', 'mass-organisation': 'đoàn thể', district: 'huyện', commune: 'xã', ward: 'phường', 'special-zone': 'đặc khu', other: 'đơn vị khác' };
  return { vi: askedOf.map((k) => vi[k] ?? k).join(', '), en: askedOf.join(', ') };
}

export interface BreakdownFigure extends ReportedFigure {
  value: number;
  female: number | null;
  male: number | null;
}

export type BreakdownPart = Breakdown['parts'][number];

/**
 * One part per unit asked (or locality), in the order given, each with its value that counts (the
 * latest official value, else the latest estimate), and how many of them have one: the "n/N".
 */
export function breakdown<F extends BreakdownFigure>(
  parts: readonly { code: string; name: string; figures: readonly F[] }[],
): Omit<Breakdown, 'by'> {
  const out = parts.map((p): BreakdownPart => {
    const { used } = chooseFigure(p.figures);
    if (!used) return { code: p.code, name: p.name, estimate: false };
    const bySex = used.female !== null && used.male !== null ? { bySex: { female: used.female, male: used.male } } : {};
    return { code: p.code, name: p.name, value: used.value, ...bySex, estimate: used.estimate, reportedAt: used.reportedAt };
  });
  return { parts: out, reported: out.filter((p) => p.value !== undefined).length, of: out.length };
}
