// Which line a unit's row belongs to across a plan's cycles (issue 14 §1, localities after 2025). A unit
// recorded as merged into another (`mergedInto`, e.g. a district into a ward from 1/7/2025) has no line of
// its own: its cycles show on its successor's line, followed to the end of the chain (A → B → C: C's), so
// the successor's line has no gap before it opened. Pure: db/unit-lines.ts and the rates and trend pages
// use it; the plan file's checks (domain/plan-checks.ts) already refuse loops, which are cut here anyway.

export interface LineUnit {
  code: string;
  name: string;
  /** yyyy-mm-dd: the merged unit's last day. */
  closesOn?: string | null;
  mergedInto?: string | null;
}

export interface LineMember {
  code: string;
  name: string;
  /** yyyy-mm-dd, when known: the last day it reported as itself. */
  until?: string;
}

export interface UnitLine {
  /** The unit whose line it is: the end of the merge chain. */
  code: string;
  name: string;
  /** The units merged into it, directly or through others, the earliest closed first. */
  merged: LineMember[];
  /** "Phường Hồng Gai (gồm Phường Bạch Đằng đến 30/06/2025)"; just the name with nothing merged. */
  label: { vi: string; en: string };
}

/** The code of the unit whose line `code` belongs to: the last unit of its merge chain (itself when not merged). */
export function lineOwner(units: ReadonlyMap<string, LineUnit>, code: string): string {
  const seen = new Set<string>();
  let at = code;
  for (;;) {
    seen.add(at);
    const next = units.get(at)?.mergedInto;
    // An unknown successor or a loop (refused by the plan checks) ends the chain where it stands.
    if (next === undefined || next === null || !units.has(next) || seen.has(next)) return at;
    at = next;
  }
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function labelOf(name: string, merged: LineMember[]): UnitLine['label'] {
  if (merged.length === 0) return { vi: name, en: name };
  const vi = merged.map((m) => (m.until ? `${m.name} đến ${dmy(m.until)}` : m.name)).join(', ');
  const en = merged.map((m) => (m.until ? `${m.name} until ${dmy(m.until)}` : m.name)).join(', ');
  return { vi: `${name} (gồm ${vi})`, en: `${name} (including ${en})` };
}

export interface UnitLines {
  /** Every unit's code to its line's code. */
  lineOf: Map<string, string>;
  /** One line per unit not merged into another, in the order of `units`. */
  lines: UnitLine[];
}

/** The lines of a plan's units: each merged unit folded into the line of the end of its chain. */
export function unitLines(units: readonly LineUnit[]): UnitLines {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const lineOf = new Map(units.map((u) => [u.code, lineOwner(byCode, u.code)]));
  const merged = new Map<string, LineMember[]>();
  for (const u of units) {
    const owner = lineOf.get(u.code)!;
    if (owner === u.code) continue;
    const list = merged.get(owner) ?? [];
    list.push({ code: u.code, name: u.name, ...(u.closesOn ? { until: u.closesOn } : {}) });
    merged.set(owner, list);
  }
  const lines = units
    .filter((u) => lineOf.get(u.code) === u.code)
    .map((u): UnitLine => {
      const members = (merged.get(u.code) ?? []).sort((a, b) => (a.until ?? '9999').localeCompare(b.until ?? '9999') || a.name.localeCompare(b.name, 'vi'));
      return { code: u.code, name: u.name, merged: members, label: labelOf(u.name, members) };
    });
  return { lineOf, lines };
}
