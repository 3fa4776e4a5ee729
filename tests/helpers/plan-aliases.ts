// Plan files that use YAML aliases, for the parser's tests and the CLI's: many units sharing one
// anchored focal-person list (legitimate), and an alias bomb ("billion laughs").

/** The fields every plan needs, before its units. */
export const ALIAS_PLAN_HEAD = `version: 1
id: bi-danh-2026
province: Tỉnh Thử nghiệm
title: Kế hoạch thử nghiệm
standingOffice: { name: Sở Thử nghiệm, email: office@test.dondoc.invalid }
standingCommittee: [{ name: Tổ thư ký, role: secretariat, email: tkt@test.dondoc.invalid }]
cycles: [{ key: nam-2026, kind: annual, title: Báo cáo năm 2026, due: { date: "2026-12-05", rule: before } }]
`;

/** A plan of `n` units that all share the first unit's focal persons through `focalPersons: &fp` / `*fp`. */
export function sharedFocalPersons(n: number): string {
  const units = Array.from({ length: n }, (_, i) =>
    i === 0
      ? `  - code: don-vi-0\n    name: Đơn vị 0\n    kind: other\n    focalPersons: &fp\n      - { name: Chị An, email: an@test.dondoc.invalid }\n      - { name: Anh Bình, email: binh@test.dondoc.invalid }\n`
      : `  - code: don-vi-${i}\n    name: Đơn vị ${i}\n    kind: other\n    focalPersons: *fp\n`,
  );
  return `${ALIAS_PLAN_HEAD}units:\n${units.join('')}`;
}

/** "Billion laughs": ten levels, each a list of ten aliases of the level before (10^10 strings expanded). */
export function aliasBomb(): string {
  const levels = ['lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) levels.push(`lol${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]`);
  return `${ALIAS_PLAN_HEAD}units: [{ code: a, name: A, kind: other, focalPersons: [{ name: An, email: an@test.dondoc.invalid }] }]\n${levels.join('\n')}\n`;
}
