// The plan file format (domain/plan-schema.ts, plan-checks.ts, plan-file.ts): new optional fields and
// the cross-checks, each error naming its path and line.
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { dataPeriodOf } from '../../domain/data-period.ts';
import { owingUnits } from '../../domain/owing-units.ts';
import { formatPlanError, parsePlan, type PlanError } from '../../domain/plan-file.ts';
import { expectTruthy } from '../helpers/expect.ts';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function basePlan(): Doc {
  const unit = (code: string, name: string, kind: string, extra: Doc = {}) => ({
    code,
    name,
    kind,
    ...extra,
    focalPersons: [{ name: 'Đầu mối', email: `${code}@test.dondoc.invalid` }],
  });
  return {
    version: 1,
    id: 'test-2016',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch năm 2016',
    period: { from: 2016 },
    calendar: { civilCodeShift: true },
    standingOffice: { name: 'Sở LĐTBXH', email: 'office@test.dondoc.invalid' },
    standingCommittee: [{ name: 'Tổ thư ký', role: 'secretariat', email: 'tkt@test.dondoc.invalid' }],
    units: [
      unit('so-ldtbxh', 'Sở Lao động - Thương binh và Xã hội', 'department'),
      unit('so-noi-vu', 'Sở Nội vụ', 'department'),
      unit('hoi-lhpn', 'Hội Liên hiệp Phụ nữ tỉnh', 'mass-organisation'),
      unit('ubnd-bac-son', 'UBND huyện Bắc Sơn', 'district', { opensOn: '2010-01-01' }),
      unit('phong-ldtbxh-bac-son', 'Phòng LĐTBXH huyện Bắc Sơn', 'other', { parent: 'ubnd-bac-son', closesOn: '2016-06-30' }),
    ],
    cycles: [
      {
        key: '2016-6m',
        kind: 'semiannual',
        title: 'Báo cáo sơ kết 6 tháng',
        due: { date: '2016-06-05', rule: 'before' },
        figures: [{ key: 'so-lop', name: 'Số lớp tập huấn', unit: 'lớp', type: 'integer' }],
      },
      {
        key: '2016-annual',
        kind: 'annual',
        title: 'Báo cáo tổng kết năm',
        due: { date: '2016-12-05', rule: 'before' },
        dataPeriod: { from: '2016-01-01', to: '2016-11-30' },
        unitKinds: ['department', 'district', 'other'],
      },
    ],
    reminders: { daysBefore: [7, 3, 1], workingDaysOnly: true, escalationRepeatDays: 7 },
    tasks: [
      { ref: 'II.1', title: 'Rà soát cán bộ nữ', lead: 'so-noi-vu', coordinating: ['hoi-lhpn'], due: 'trong tháng 6/2016' },
      { ref: 'II.5', title: 'Tháng hành động', lead: 'so-ldtbxh', coordinating: [], coordinatingNote: 'các ngành có liên quan', due: '15/11-15/12/2016' },
      { ref: 'II.7', title: 'Nhiệm vụ thường xuyên', lead: 'so-ldtbxh' },
    ],
    objectives: [
      {
        number: 1,
        text: 'Tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo',
        indicators: [{ number: 1, text: '80% sở, ban, ngành có lãnh đạo nữ', target: { value: 80, unit: '%', year: 2015 }, lead: 'so-noi-vu', coordinating: ['hoi-lhpn'] }],
      },
    ],
  };
}

function errorsOf(doc: Doc): { errors: PlanError[]; source: string } {
  const source = stringify(doc);
  const r = parsePlan(source);
  // the plan should be rejected
  expect(r.ok).toBe(false);
  return { errors: r.ok ? [] : r.errors, source };
}

/** The one error at `path`: its message matches, and its line is the line that holds that path's key. */
function assertError(doc: Doc, path: string, message: RegExp, lineHas?: string) {
  const { errors, source } = errorsOf(doc);
  const e = errors.find((x) => x.path === path);
  // on failure, look at: `an error at ${path}; got ${errors.map(formatPlanError).join('; ')}`
  expectTruthy(e);
  expect(e.message).toMatch(message);
  // bilingual "Vietnamese / English"
  expect(e.message).toMatch(/ \/ /);
  if (lineHas) {
    // the error has a line
    expectTruthy(e.line);
    // on failure, look at: `line ${e.line} holds "${lineHas}"`
    expect(source.split('\n')[e.line - 1]!).toContain(lineHas);
  }
}

describe('plan schema: the extended format', () => {
  it('accepts a plan with every new field, and fills in the defaults', () => {
    const r = parsePlan(stringify(basePlan()));
    expect(r.ok ? '' : r.errors.map(formatPlanError).join('\n')).toBe(''); // the errors, if any
    expectTruthy(r.ok);
    const p = r.plan;
    expect(p.period).toStrictEqual({ from: 2016, to: 2016 });
    expect(p.cycles[0]!.figures[0]!.type).toBe('integer');
    expect(p.reminders.escalationDays).toBe('working');
    expect(p.tasks[0]!.coordinating[0]).toBe('hoi-lhpn');
    expect(p.tasks[2]!.coordinating).toStrictEqual([]);
    expect(p.objectives[0]!.indicators[0]!.target!.value).toBe(80);
  });

  it('defaults: calendar shift on, reminders every day, no tasks or objectives', () => {
    const doc = basePlan();
    delete doc.calendar;
    delete doc.tasks;
    delete doc.objectives;
    delete doc.period;
    const r = parsePlan(stringify(doc));
    expectTruthy(r.ok);
    expect(r.plan.calendar).toStrictEqual({ civilCodeShift: true });
    expect(r.plan.tasks).toStrictEqual([]);
    expect(r.plan.objectives).toStrictEqual([]);
    expect(r.plan.period).toBe(undefined);
  });

  it('owing units: a unit kind filter, and a unit closed before the deadline owes nothing', () => {
    const r = parsePlan(stringify(basePlan()));
    expectTruthy(r.ok);
    const [sixMonth, annual] = r.plan.cycles;
    expect(owingUnits(r.plan.units, sixMonth!).map((u) => u.code)).toStrictEqual(['so-ldtbxh', 'so-noi-vu', 'hoi-lhpn', 'ubnd-bac-son', 'phong-ldtbxh-bac-son']);
    // The annual report: departments, districts and "other" only, and the district office closed on 30/6.
    expect(owingUnits(r.plan.units, annual!).map((u) => u.code)).toStrictEqual(['so-ldtbxh', 'so-noi-vu', 'ubnd-bac-son']);
  });

  it('data periods: the plan’s own, else Decree 09/2019 by kind for cycles due since it took effect', () => {
    const r = parsePlan(stringify(basePlan()));
    expectTruthy(r.ok);
    // a 2016 cycle predates the decree
    expect(dataPeriodOf(r.plan.cycles[0]!)).toBe(undefined);
    expect(dataPeriodOf(r.plan.cycles[1]!)).toStrictEqual({ from: '2016-01-01', to: '2016-11-30', basis: 'plan' });
    expect(dataPeriodOf({ kind: 'semiannual', due: { date: '2020-06-30', rule: 'by' } })).toStrictEqual({ from: '2019-12-15', to: '2020-06-14', basis: 'decree-09-2019' });
    expect(dataPeriodOf({ kind: 'annual', due: { date: '2020-11-30', rule: 'by' } })).toStrictEqual({ from: '2019-12-15', to: '2020-12-14', basis: 'decree-09-2019' });
    expect(dataPeriodOf({ kind: 'annual', due: { date: '2021-01-10', rule: 'by' } })).toStrictEqual({ from: '2019-12-15', to: '2020-12-14', basis: 'decree-09-2019' });
    expect(dataPeriodOf({ kind: 'quarterly', due: { date: '2020-04-10', rule: 'by' } })).toBe(undefined);
  });
});

describe('plan schema: cross-checks name the place of each error', () => {
  it('an unknown unit code in a task’s lead', () => {
    const doc = basePlan();
    doc.tasks[1].lead = 'so-khong-co';
    assertError(doc, 'tasks[1].lead', /không có đơn vị mã "so-khong-co" \/ no unit with code "so-khong-co"/, 'so-khong-co');
  });

  it('an unknown unit code among a task’s coordinating units', () => {
    const doc = basePlan();
    doc.tasks[0].coordinating = ['hoi-lhpn', 'so-y-te'];
    assertError(doc, 'tasks[0].coordinating[1]', /no unit with code "so-y-te"/, 'so-y-te');
  });

  it('an unknown unit code in an indicator and in a cycle', () => {
    const doc = basePlan();
    doc.objectives[0].indicators[0].lead = 'so-gd';
    doc.cycles[0].units = ['so-noi-vu', 'so-xyz'];
    const { errors } = errorsOf(doc);
    expect(errors.map((e) => e.path).sort()).toStrictEqual(['cycles[0].units[1]', 'objectives[0].indicators[0].lead']);
  });

  it('an unknown parent unit', () => {
    const doc = basePlan();
    doc.units[4].parent = 'ubnd-khong-co';
    assertError(doc, 'units[4].parent', /no unit with code "ubnd-khong-co"/, 'ubnd-khong-co');
  });

  it('duplicate unit codes, task refs, objective and indicator numbers', () => {
    const doc = basePlan();
    doc.units[2].code = 'so-noi-vu';
    assertError(doc, 'units[2].code', /mã đơn vị "so-noi-vu" bị trùng \/ duplicate unit code "so-noi-vu"/);
    const d2 = basePlan();
    d2.tasks[2].ref = 'II.1';
    assertError(d2, 'tasks[2].ref', /duplicate task ref "II.1"/);
    const d3 = basePlan();
    d3.objectives.push({ ...d3.objectives[0], indicators: [] });
    assertError(d3, 'objectives[1].number', /duplicate objective 1/);
    const d4 = basePlan();
    d4.objectives[0].indicators.push({ number: 1 });
    assertError(d4, 'objectives[0].indicators[1].number', /duplicate indicator 1 of objective 1/);
  });

  it('an impossible date such as 2016-06-31', () => {
    const doc = basePlan();
    doc.cycles[0].due.date = '2016-06-31';
    assertError(doc, 'cycles[0].due.date', /ngày không tồn tại \/ no such date/, '2016-06-31');
  });

  it('a deadline before its cycle opens', () => {
    const doc = basePlan();
    doc.cycles[1].opensOn = '2016-12-20';
    assertError(doc, 'cycles[1].opensOn', /the deadline comes before the cycle opens/, '2016-12-20');
  });

  it('a unit with no email', () => {
    const doc = basePlan();
    doc.units[3].focalPersons = [{ name: 'Anh Dũng' }];
    assertError(doc, 'units[3].focalPersons[0].email', /thiếu trường bắt buộc \/ required field is missing/);
    const d2 = basePlan();
    d2.units[3].focalPersons = [];
    assertError(d2, 'units[3].focalPersons', /needs at least one focal person with an email/, 'focalPersons');
    const d3 = basePlan();
    d3.units[3].focalPersons = [{ name: 'Anh Dũng', email: 'dung at caoloc' }];
    assertError(d3, 'units[3].focalPersons[0].email', /không phải địa chỉ email \/ not an email address/, 'dung at caoloc');
  });

  it('a task due period that cannot be read, or has no year in a multi-year plan', () => {
    const doc = basePlan();
    doc.tasks[0].due = 'tháng 6/2016 hoặc sớm hơn';
    assertError(doc, 'tasks[0].due', /cannot read the due period/, 'sớm hơn');
    const d2 = basePlan();
    d2.period = { from: 2011, to: 2015 };
    d2.tasks[0].due = 'Quý III';
    assertError(d2, 'tasks[0].due', /needs a year/);
  });

  it('a cycle no unit owes, and dates in the wrong order', () => {
    const doc = basePlan();
    doc.cycles[1].unitKinds = ['board'];
    assertError(doc, 'cycles[1].units', /no unit owes this report/);
    const d2 = basePlan();
    d2.cycles[1].dataPeriod = { from: '2016-12-01', to: '2016-01-01' };
    assertError(d2, 'cycles[1].dataPeriod.to', /the data period ends before it starts/);
    const d3 = basePlan();
    d3.units[3].closesOn = '2009-12-31';
    assertError(d3, 'units[3].closesOn', /a unit must close after it opens/);
    const d4 = basePlan();
    d4.period = { from: 2015, to: 2011 };
    assertError(d4, 'period.to', /the period must end after it starts/);
  });

  it('an unknown field and a wrong type', () => {
    const doc = basePlan();
    doc.tasks[0].deadline = 'tháng 6';
    assertError(doc, 'tasks[0]', /trường không được hỗ trợ: deadline \/ unknown field: deadline/);
    const d2 = basePlan();
    d2.reminders.workingDaysOnly = 'có';
    assertError(d2, 'reminders.workingDaysOnly', /sai kiểu dữ liệu, cần boolean \/ wrong type, expected boolean/);
  });
});
