// YAML aliases in a plan file (domain/plan-yaml-aliases.ts through plan-file.ts): units sharing one
// anchored list parse however many there are (101, 20,000); an alias bomb, an alias inside the node it
// repeats and an alias without its anchor each get one bilingual error with its path and line.
import { describe, expect, it } from '@jest/globals';
import { formatPlanError, parsePlan, type PlanResult } from '../../domain/plan-file.ts';
import { MAX_PLAN_ELEMENTS } from '../../domain/plan-yaml-aliases.ts';
import { aliasBomb, ALIAS_PLAN_HEAD as HEAD, sharedFocalPersons } from '../helpers/plan-aliases.ts';

const errorsOf = (r: PlanResult) => (r.ok ? [] : r.errors.map(formatPlanError));
const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('YAML aliases in a plan file', () => {
  it('101 units sharing one focal-person list (the limit of the yaml library\'s default was 100)', () => {
    const r = parsePlan(sharedFocalPersons(101));
    // on failure, look at: errorsOf(r)
    expect(errorsOf(r)).toStrictEqual([]);
    if (!r.ok) return;
    expect(r.plan.units.length).toBe(101);
    expect(r.plan.units[100]!.focalPersons.map((p) => p.email)).toStrictEqual(['an@test.dondoc.invalid', 'binh@test.dondoc.invalid']);
  });

  it('20,000 units sharing one focal-person list', () => {
    const started = Date.now();
    const r = parsePlan(sharedFocalPersons(20_000));
    expect(errorsOf(r)).toStrictEqual([]);
    if (!r.ok) return;
    expect(r.plan.units.length).toBe(20_000);
    expect(r.plan.units[19_999]!.focalPersons[1]!.name).toBe('Anh Bình');
    // Each unit has its own copy: editing one unit's contacts cannot change another's.
    expect(r.plan.units[1]!.focalPersons).not.toBe(r.plan.units[2]!.focalPersons);
    // on failure, look at: `${Date.now() - started} ms`
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('an alias bomb: one bilingual "plan too large / too many aliases" error with its path and line, quickly', () => {
    const source = aliasBomb();
    const started = Date.now();
    const r = parsePlan(source);
    const elapsed = Date.now() - started;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.length).toBe(1);
    const e = r.errors[0]!;
    // The level whose expansion first passes the bound: lol5 holds 10^6 strings, so the first *l5 of lol6.
    expect(e.path).toBe('lol6[0]');
    expect(e.line).toBe(lineOf(source, 'lol6:'));
    expect(e.message).toBe(
      `kế hoạch quá lớn, quá nhiều bí danh YAML: hơn 2.000.000 phần tử khi mở bí danh *l5 / plan too large, too many aliases: more than 2,000,000 elements once the YAML alias *l5 is expanded`,
    );
    expect(MAX_PLAN_ELEMENTS).toBe(2_000_000);
    // on failure, look at: `${elapsed} ms`
    expect(elapsed).toBeLessThan(2_000);
  });

  it('a large anchored list repeated under any alias count is still bounded by its expanded size', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `x${i}`).join(', ');
    const source = `${HEAD}units: [{ code: a, name: A, kind: other, focalPersons: [{ name: An, email: an@test.dondoc.invalid }] }]\nbig: &big [${big}]\ncopies: [${Array.from({ length: 60 }, () => '*big').join(', ')}]\n`;
    const r = parsePlan(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.path, e.line])).toStrictEqual([['copies[38]', lineOf(source, 'copies:')]]);
    expect(r.errors[0]!.message).toMatch(/^kế hoạch quá lớn, quá nhiều bí danh YAML: .* \/ plan too large, too many aliases: /);
  });

  it('an alias inside the node it repeats, and an alias without an anchor: located, bilingual, no exception', () => {
    const loop = `${HEAD}units: &u\n  - { code: a, name: A, kind: other, focalPersons: [{ name: An, email: an@test.dondoc.invalid }], again: *u }\n`;
    expect(errorsOf(parsePlan(loop))).toStrictEqual([
      `units[0].again (dòng / line ${lineOf(loop, 'again: *u')}): bí danh YAML *u nằm trong chính phần tử mà nó lặp lại / the YAML alias *u is inside the node it repeats`,
    ]);
    const unknown = `${HEAD}units: *khong-co\n`;
    expect(errorsOf(parsePlan(unknown))).toStrictEqual([
      `units (dòng / line ${lineOf(unknown, '*khong-co')}): không có neo YAML &khong-co trước bí danh *khong-co / no YAML anchor &khong-co before the alias *khong-co`,
    ]);
  });

  it('an error inside a shared list is reported where the list is written (the anchor)', () => {
    const source = sharedFocalPersons(3).replace('binh@test.dondoc.invalid', 'binh-at-test');
    const r = parsePlan(source);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Once per unit that uses the list, each at the anchor's line.
    expect(r.errors.map((e) => [e.path, e.line])).toStrictEqual([0, 1, 2].map((i) => [`units[${i}].focalPersons[1].email`, lineOf(source, 'binh-at-test')]));
  });
});
