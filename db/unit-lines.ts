// A plan's units as lines across its cycles (domain/unit-lines.ts), read from the stored units: the
// rates page (web/office/plan-rates.ts) and the indicator trend (db/indicator-trend.ts) put each row of a
// merged unit on its successor's line.
import { unitLines, type UnitLine } from '../domain/unit-lines.ts';
import type { PrismaClient } from './client.ts';

export interface StoredUnitLines {
  lines: UnitLine[];
  /** A unit's id to the code of its line's unit. */
  lineOfId: Map<string, string>;
  /** A unit's id to its code. */
  codeOfId: Map<string, string>;
}

export async function planUnitLines(prisma: PrismaClient, planId: string): Promise<StoredUnitLines> {
  // By name in Vietnamese order, sorted here: SQLite and PostgreSQL collate "Đ" differently.
  const units = (await prisma.unit.findMany({ where: { planId }, select: { id: true, code: true, name: true, closesOn: true, mergedIntoId: true } }))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.code.localeCompare(b.code));
  const codeOfId = new Map(units.map((u) => [u.id, u.code]));
  const { lines, lineOf } = unitLines(units.map((u) => ({ code: u.code, name: u.name, closesOn: u.closesOn, mergedInto: u.mergedIntoId === null ? null : (codeOfId.get(u.mergedIntoId) ?? null) })));
  const lineOfId = new Map(units.map((u) => [u.id, lineOf.get(u.code)!]));
  return { lines, lineOfId, codeOfId };
}
