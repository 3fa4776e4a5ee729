// `dondoc plan check FILE`, run as a child process: valid plans pass, and each kind of bad plan gives
// exit code 1 and every error with its place (path and line), never a stack trace.
import { describe, expect, it } from '@jest/globals';
import { dondoc, scratch, STACK_TRACE } from './cli-runner.ts';
import { aliasBomb, sharedFocalPersons } from '../helpers/plan-aliases.ts';

const GOOD = `version: 1
id: check-2016
province: Tỉnh Thử nghiệm
title: Kế hoạch thử nghiệm
period: { from: 2016 }
standingOffice: { name: Sở LĐTBXH, email: office@test.dondoc.invalid }
standingCommittee:
  - { name: Tổ thư ký, role: secretariat, email: tkt@test.dondoc.invalid }
units:
  - code: so-noi-vu
    name: Sở Nội vụ
    kind: department
    focalPersons: [{ name: Chị An, email: an@test.dondoc.invalid }]
  - code: hoi-lhpn
    name: Hội Liên hiệp Phụ nữ tỉnh
    kind: mass-organisation
    focalPersons: [{ name: Chị Cúc, email: cuc@test.dondoc.invalid }]
cycles:
  - key: 2016-tong-ket
    kind: annual
    title: Báo cáo tổng kết năm 2016
    due: { date: "2016-12-05", rule: before }
    opensOn: "2016-11-01"
tasks:
  - ref: II.1
    title: Rà soát cán bộ nữ
    lead: so-noi-vu
    coordinating: [hoi-lhpn]
    due: trong tháng 6/2016
`;

/** GOOD with one text replaced (the replaced text must be there). */
function bad(from: string, to: string): string {
  // on failure, look at: `fixture contains ${from}`
  expect(GOOD).toContain(from);
  return GOOD.replace(from, to);
}

const lineOf = (source: string, needle: string) => source.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function expectErrors(name: string, source: string, expected: string[]) {
  const { write } = scratch();
  const file = write(name, source);
  const r = await dondoc('plan', 'check', file);
  expect(r).toMatchObject({ code: 1 });
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stderr).toMatch(/kế hoạch không hợp lệ, \d+ lỗi \/ invalid plan, \d+ error\(s\)/);
  for (const e of expected) {
    // on failure, look at: `stderr has:\n  ${e}\ngot:\n${r.stderr}`
    expect(r.stderr).toContain(e);
  }
  return r;
}

describe('dondoc plan check', () => {
  it('accepts each example plan', async () => {
    for (const f of ['demo', 'vinhlong-2014', 'langson-2016', 'nghean-2020', 'quangninh-2011-2015', 'thanhhoa-2012']) {
      const r = await dondoc('plan', 'check', `plans/${f}.yaml`);
      expect(r).toMatchObject({ code: 0 });
      expect(r.stdout).toMatch(new RegExp(`kế hoạch hợp lệ / valid plan "${f === 'demo' ? 'demo-2026' : f}"`));
    }
  });

  it('accepts the fixture itself', async () => {
    const { write } = scratch();
    const r = await dondoc('plan', 'check', write('good.yaml', GOOD));
    expect(r).toMatchObject({ code: 0 });
  });

  it('broken YAML: the YAML error with its line', async () => {
    const source = bad('    kind: department\n', '    kind: [department\n');
    const r = await expectErrors('broken.yaml', source, ['(tệp / file) (dòng / line', 'YAML không hợp lệ']);
    expect(r.stderr).toMatch(/invalid YAML/);
  });

  it('unknown unit code in a task', async () => {
    const source = bad('    lead: so-noi-vu', '    lead: so-khong-co');
    await expectErrors('unknown.yaml', source, [
      `tasks[0].lead (dòng / line ${lineOf(source, 'so-khong-co')}): không có đơn vị mã "so-khong-co" / no unit with code "so-khong-co"`,
    ]);
  });

  it('duplicate unit codes', async () => {
    const source = bad('  - code: hoi-lhpn', '  - code: so-noi-vu');
    await expectErrors('duplicate.yaml', source, [
      `units[1].code (dòng / line ${source.split('\n').lastIndexOf('  - code: so-noi-vu') + 1}): mã đơn vị "so-noi-vu" bị trùng / duplicate unit code "so-noi-vu"`,
    ]);
  });

  it('an impossible date: 2016-06-31', async () => {
    const source = bad('"2016-12-05"', '"2016-06-31"');
    await expectErrors('date.yaml', source, [`cycles[0].due.date (dòng / line ${lineOf(source, '2016-06-31')}): ngày không tồn tại / no such date`]);
  });

  it('a deadline before its cycle opens', async () => {
    const source = bad('opensOn: "2016-11-01"', 'opensOn: "2016-12-10"');
    await expectErrors('opens.yaml', source, [
      `cycles[0].opensOn (dòng / line ${lineOf(source, '2016-12-10')}): hạn nộp (trước 2016-12-05) trước ngày mở kỳ 2016-12-10 / the deadline comes before the cycle opens`,
    ]);
  });

  it('a unit with no email', async () => {
    const source = bad('focalPersons: [{ name: Chị Cúc, email: cuc@test.dondoc.invalid }]', 'focalPersons: [{ name: Chị Cúc }]');
    await expectErrors('noemail.yaml', source, [
      `units[1].focalPersons[0].email (dòng / line ${lineOf(source, '{ name: Chị Cúc }')}): thiếu trường bắt buộc / required field is missing`,
    ]);
  });

  it('every error of a plan with several, each with its place', async () => {
    let source = bad('    lead: so-noi-vu', '    lead: so-khong-co');
    source = source.replace('email: an@test.dondoc.invalid', 'email: an-at-test').replace('trong tháng 6/2016', 'tháng 13/2016');
    const r = await expectErrors('many.yaml', source, [
      'units[0].focalPersons[0].email (dòng / line',
      'tasks[0].lead (dòng / line',
      'tasks[0].due (dòng / line',
    ]);
    expect(r.stderr).toMatch(/3 lỗi \/ invalid plan, 3 error\(s\)/);
  });

  it('a file that does not exist: exit code 2 and a clear message', async () => {
    const r = await dondoc('plan', 'check', 'plans/khong-co.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plans\/khong-co\.yaml: không đọc được tệp \(ENOENT\) \/ cannot read the file \(ENOENT\)/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('YAML aliases: 101 units sharing one focal-person list pass; an alias bomb gets its located, bilingual error', async () => {
    const { write } = scratch();
    const shared = await dondoc('plan', 'check', write('shared.yaml', sharedFocalPersons(101)));
    expect(shared).toMatchObject({ code: 0 });
    expect(shared.stdout).toMatch(/kế hoạch hợp lệ \/ valid plan "bi-danh-2026": 101 đơn vị \/ units/);
    const source = aliasBomb();
    await expectErrors('bomb.yaml', source, [
      `lol6[0] (dòng / line ${lineOf(source, 'lol6:')}): kế hoạch quá lớn, quá nhiều bí danh YAML: hơn 2.000.000 phần tử khi mở bí danh *l5 / plan too large, too many aliases:`,
    ]);
  });

  it('a file that is not a plan at all (a YAML list)', async () => {
    await expectErrors('list.yaml', '- a\n- b\n', ['(tệp / file): tệp kế hoạch phải là một đối tượng YAML / a plan file must be a YAML mapping']);
  });
});
