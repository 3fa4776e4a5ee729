// One-off requests as pure logic (domain/one-off-request.ts, domain/request-presets.ts): which units a
// selection names (picked codes, an objective's lead units, every unit of a kind), the deterministic
// key, the day and figure inputs, the checks on a request, its timeline (art. 148 shift, the plan's
// reminders, a first email when it opens) and the presets the plans name.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../../domain/calendar.ts';
import { parseFigureLine, planRequest, requestKey, RequestInputSchema, sameRequest, selectUnits, slugify, type RequestInput } from '../../domain/one-off-request.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { figureLine, PRESET_KEYS, presetDraft } from '../../domain/request-presets.ts';

function seed(name: string): Plan {
  const r = parsePlan(readFileSync(path.resolve(import.meta.dirname, '../../plans', name), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan;
}
const quangNinh = seed('quangninh-2011-2015.yaml');
const vinhLong = seed('vinhlong-2014.yaml');
const vn = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE }).toFormat('yyyy-MM-dd HH:mm');
/** 10:30 on Wednesday 3/6/2026, Vietnam time. */
const NOW = new Date('2026-06-03T03:30:00Z');
const input = (i: Partial<RequestInput> = {}) => RequestInputSchema.parse({ title: 'Báo cáo kết quả kiểm tra', units: { by: 'units', codes: ['so-noi-vu', 'so-y-te'] }, lastDay: '2026-06-19', ...i });

describe('selectUnits', () => {
  it('the lead units of an objective: its own lead and every indicator lead, once each (Quảng Ninh IV.18)', () => {
    const r = selectUnits(quangNinh, { by: 'objective', number: 2 }, '2026-06-19');
    expect(r).toStrictEqual({ ok: true, codes: ['so-ldtbxh', 'so-khdt', 'ldld-tinh'] });
    const five = selectUnits(quangNinh, { by: 'objective', number: 5 }, '2026-06-19');
    expect(five.ok && five.codes[0]).toBe('so-tttt');
  });

  it('every district: the units of that kind only', () => {
    const r = selectUnits(vinhLong, { by: 'kind', kind: 'district' }, '2026-06-19');
    expect(r.ok && r.codes.length).toBe(8);
    const districts = new Set(vinhLong.units.filter((u) => u.kind === 'district').map((u) => u.code));
    expect(r.ok && r.codes.every((c) => districts.has(c))).toBe(true);
  });

  it('refuses an unknown unit code, an unknown objective, and a selection nobody owes', () => {
    expect(selectUnits(quangNinh, { by: 'units', codes: ['so-noi-vu', 'so-khong-co'] }, '2026-06-19')).toStrictEqual({ ok: false, error: expect.stringMatching(/unknown unit code\(s\): so-khong-co$/) });
    expect(selectUnits(quangNinh, { by: 'objective', number: 99 }, '2026-06-19')).toStrictEqual({ ok: false, error: expect.stringMatching(/no objective 99/) });
    expect(selectUnits(vinhLong, { by: 'kind', kind: 'board' }, '2026-06-19')).toStrictEqual({ ok: false, error: expect.stringMatching(/no unit owes/) });
  });

  it('leaves out a unit closed before the last day, as the plan\'s own cycles do', () => {
    const plan = { ...quangNinh, units: quangNinh.units.map((u) => (u.code === 'so-khdt' ? { ...u, closesOn: '2026-06-01' } : u)) };
    const r = selectUnits(plan, { by: 'objective', number: 2 }, '2026-06-19');
    expect(r).toStrictEqual({ ok: true, codes: ['so-ldtbxh', 'ldld-tinh'] });
  });
});

describe('requestKey and inputs', () => {
  it('is req-<yyyymmdd>-<title without marks>, the same for the same title and day, at most 60 characters', () => {
    expect(slugify('Báo cáo kết quả kiểm tra: Đoàn số 2')).toBe('bao-cao-ket-qua-kiem-tra-doan-so-2');
    expect(requestKey('2026-06-19', 'Báo cáo kết quả kiểm tra')).toBe('req-20260619-bao-cao-ket-qua-kiem-tra');
    const long = requestKey('2026-06-19', 'Kế hoạch công tác năm 2027 và dự toán kinh phí của các sở, ban, ngành');
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long).toBe('req-20260619-ke-hoach-cong-tac-nam-2027-va-du-toan-kinh-phi'); // whole words only
    expect(requestKey('2026-06-19', 'x'.repeat(80))).toBe(`req-20260619-${'x'.repeat(47)}`);
    expect(requestKey('2026-06-19', '!!!')).toBe('req-20260619-yeu-cau');
  });

  it('reads a figure as key:name:unit:type, a name holding ":" included, and names what is wrong', () => {
    expect(parseFigureLine('du-toan:Dự toán được giao:đồng:integer')).toStrictEqual({ ok: true, figure: { key: 'du-toan', name: 'Dự toán được giao', unit: 'đồng', type: 'integer' } });
    expect(parseFigureLine('ghi-chu:Ghi chú')).toStrictEqual({ ok: true, figure: { key: 'ghi-chu', name: 'Ghi chú', type: 'number' } });
    expect(parseFigureLine('ty-le:Tỷ lệ: nữ lãnh đạo:%:percent')).toMatchObject({ ok: true, figure: { name: 'Tỷ lệ: nữ lãnh đạo', unit: '%', type: 'percent' } });
    expect(parseFigureLine('x:Tên::money')).toStrictEqual({ ok: false, error: expect.stringMatching(/the type must be integer\|number\|percent\|text/) });
    expect(parseFigureLine('Mã Sai:Tên')).toStrictEqual({ ok: false, error: expect.stringMatching(/^số liệu "Mã Sai:Tên": key: /) });
    expect(parseFigureLine('chi-ma')).toMatchObject({ ok: false });
  });

  it('refuses duplicate figure keys and an empty title', () => {
    const f = { key: 'a', name: 'A', type: 'integer' };
    expect(RequestInputSchema.safeParse({ title: 'x', units: { by: 'kind', kind: 'district' }, lastDay: '2026-06-19', figures: [f, f] }).success).toBe(false);
    expect(RequestInputSchema.safeParse({ title: '  ', units: { by: 'kind', kind: 'district' }, lastDay: '2026-06-19' }).success).toBe(false);
    expect(RequestInputSchema.safeParse({ title: 'x', units: { by: 'units', codes: [] }, lastDay: '2026-06-19' }).success).toBe(false);
  });
});

describe('planRequest', () => {
  it('builds a one-off cycle of the plan, opening today with a first email now and the plan\'s reminders after', () => {
    const r = planRequest(quangNinh, input(), NOW);
    if (!r.ok) throw new Error(r.errors.join());
    const { key, cycle, timeline } = r.request;
    expect(key).toBe('req-20260619-bao-cao-ket-qua-kiem-tra');
    expect(cycle).toMatchObject({ kind: 'one-off', due: { date: '2026-06-19', rule: 'by' }, opensOn: '2026-06-03', units: ['so-noi-vu', 'so-y-te'] });
    expect(timeline.lastDay).toBe('2026-06-19');
    expect(timeline.reminders.map((x) => vn(x.at))).toStrictEqual(['2026-06-03 10:30', '2026-06-05 08:00', '2026-06-12 08:00', '2026-06-16 08:00', '2026-06-18 08:00']);
    expect(timeline.reminders[0]!.daysBefore).toBe(16);
    expect(timeline.opensAt <= NOW).toBe(true);
  });

  it('moves a last day on a Saturday to Monday (Civil Code art. 148), as the plan applies it', () => {
    const r = planRequest(quangNinh, input({ lastDay: '2026-06-20' }), NOW);
    expect(r.ok && r.request.timeline.lastDay).toBe('2026-06-22');
    expect(r.ok && r.request.key).toBe('req-20260620-bao-cao-ket-qua-kiem-tra'); // the day the office wrote
  });

  it('a request due today still gets its first email now and nothing else before the deadline', () => {
    const r = planRequest(quangNinh, input({ lastDay: '2026-06-03' }), NOW);
    expect(r.ok && r.request.timeline.reminders.map((x) => vn(x.at))).toStrictEqual(['2026-06-03 10:30']);
  });

  it('a request opening later tells the units on its opening day at the plan\'s hour', () => {
    const r = planRequest(quangNinh, input({ opensOn: '2026-06-08' }), NOW);
    expect(r.ok && vn(r.request.timeline.reminders[0]!.at)).toBe('2026-06-08 08:00');
    expect(r.ok && vn(r.request.timeline.opensAt)).toBe('2026-06-08 00:00');
  });

  it('refuses a last day in the past or before the opening, an opening in the past, and says every reason', () => {
    const past = planRequest(quangNinh, input({ lastDay: '2026-06-02', units: { by: 'units', codes: ['so-khong-co'] } }), NOW);
    expect(past).toStrictEqual({ ok: false, errors: [expect.stringMatching(/the last day is in the past/), expect.stringMatching(/unknown unit code/)] });
    expect(planRequest(quangNinh, input({ opensOn: '2026-06-25' }), NOW)).toStrictEqual({ ok: false, errors: [expect.stringMatching(/comes before the opening day/)] });
    expect(planRequest(quangNinh, input({ opensOn: '2026-06-01' }), NOW)).toStrictEqual({ ok: false, errors: [expect.stringMatching(/opening day is in the past/)] });
  });

  it('the same request is the same whatever day it is made; another title, day, unit or figure is another', () => {
    const a = planRequest(quangNinh, input(), NOW);
    const b = planRequest(quangNinh, input(), new Date('2026-06-04T01:00:00Z'));
    const c = planRequest(quangNinh, input({ units: { by: 'units', codes: ['so-noi-vu'] } }), NOW);
    if (!a.ok || !b.ok || !c.ok) throw new Error('refused');
    expect(sameRequest(a.request.cycle, b.request.cycle)).toBe(true);
    expect(sameRequest(a.request.cycle, c.request.cycle)).toBe(false);
    expect(a.request.key).toBe(c.request.key);
  });
});

describe('presets', () => {
  it('fill the title and figures the plans name; the budget in whole đồng', () => {
    const ctx = { year: 2026, objective: { number: 2, text: 'Giảm khoảng cách giới trong lĩnh vực kinh tế' } };
    expect(presetDraft('inspection', ctx).title).toMatch(/^Báo cáo kết quả kiểm tra/);
    expect(presetDraft('objective', ctx).title).toBe('Báo cáo kết quả thực hiện Mục tiêu 2 năm 2026');
    const plan = presetDraft('work-plan', ctx);
    expect(plan.title).toBe('Kế hoạch công tác năm 2027 và dự toán kinh phí');
    expect(plan.figures.map(figureLine)).toContain('du-toan-duoc-giao:Dự toán kinh phí được giao:đồng:integer');
    expect(plan.figures.every((f) => f.unit === 'đồng' && f.type === 'integer')).toBe(true);
    expect(presetDraft('ad-hoc', ctx).figures).toStrictEqual([]);
  });

  it('every preset\'s draft is a valid request input, its figures written back as lines read the same', () => {
    for (const k of PRESET_KEYS) {
      const d = presetDraft(k, { year: 2026 });
      expect(RequestInputSchema.safeParse({ title: d.title, units: { by: 'kind', kind: 'district' }, lastDay: '2026-06-19', preset: k, figures: d.figures }).success).toBe(true);
      expect(d.figures.map((f) => parseFigureLine(figureLine(f)))).toStrictEqual(d.figures.map((figure) => ({ ok: true, figure })));
    }
  });
});
