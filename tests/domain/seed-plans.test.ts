// The five source plans as example plan files (plans/*.yaml): each validates, and its deadlines are
// the seed's, shifted by the Civil Code where the last day is a day off.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../../domain/calendar.ts';
import { parseDuePeriod } from '../../domain/due-period.ts';
import { owingUnits } from '../../domain/owing-units.ts';
import { formatPlanError, parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';
import { cycleTimeline } from '../../domain/timeline.ts';
import { expectTruthy } from '../helpers/expect.ts';

const PLANS = path.resolve(import.meta.dirname, '../../plans');

function load(file: string): { plan: Plan; source: string } {
  const source = readFileSync(path.join(PLANS, file), 'utf8');
  const r = parsePlan(source);
  expect(r.ok ? '' : r.errors.map(formatPlanError).join('\n')).toBe(''); // the errors, if any
  expectTruthy(r.ok);
  return { plan: r.plan, source };
}

const weekday = (d: string) => DateTime.fromISO(d, { zone: VN_ZONE }).toFormat('cccc');

// [file, cycle key, due as written, rule, last day as written, its weekday, last day after the shift, its weekday]
const deadlines: [string, string, string, 'before' | 'by', string, string, string, string][] = [
  ['vinhlong-2014.yaml', '2014-6-thang', '2014-05-30', 'before', '2014-05-29', 'Thursday', '2014-05-29', 'Thursday'],
  ['vinhlong-2014.yaml', '2014-nam', '2014-11-30', 'before', '2014-11-29', 'Saturday', '2014-12-01', 'Monday'],
  ['langson-2016.yaml', '2016-so-ket', '2016-06-05', 'before', '2016-06-04', 'Saturday', '2016-06-06', 'Monday'],
  ['langson-2016.yaml', '2016-tong-ket', '2016-12-05', 'before', '2016-12-04', 'Sunday', '2016-12-05', 'Monday'],
  ['nghean-2020.yaml', '2020-6-thang', '2020-06-30', 'by', '2020-06-30', 'Tuesday', '2020-06-30', 'Tuesday'],
  ['nghean-2020.yaml', '2020-nam', '2020-11-30', 'by', '2020-11-30', 'Monday', '2020-11-30', 'Monday'],
  ['quangninh-2011-2015.yaml', '2011-ca-nam', '2011-12-10', 'before', '2011-12-09', 'Friday', '2011-12-09', 'Friday'],
  ['quangninh-2011-2015.yaml', '2012-6-thang', '2012-06-10', 'before', '2012-06-09', 'Saturday', '2012-06-11', 'Monday'],
  ['quangninh-2011-2015.yaml', '2012-ca-nam', '2012-12-10', 'before', '2012-12-09', 'Sunday', '2012-12-10', 'Monday'],
  ['quangninh-2011-2015.yaml', '2013-6-thang', '2013-06-10', 'before', '2013-06-09', 'Sunday', '2013-06-10', 'Monday'],
  ['quangninh-2011-2015.yaml', '2013-ca-nam', '2013-12-10', 'before', '2013-12-09', 'Monday', '2013-12-09', 'Monday'],
  ['quangninh-2011-2015.yaml', '2014-6-thang', '2014-06-10', 'before', '2014-06-09', 'Monday', '2014-06-09', 'Monday'],
  ['quangninh-2011-2015.yaml', '2014-ca-nam', '2014-12-10', 'before', '2014-12-09', 'Tuesday', '2014-12-09', 'Tuesday'],
  ['quangninh-2011-2015.yaml', '2015-6-thang', '2015-06-10', 'before', '2015-06-09', 'Tuesday', '2015-06-09', 'Tuesday'],
  ['quangninh-2011-2015.yaml', '2015-ca-nam', '2015-12-10', 'before', '2015-12-09', 'Wednesday', '2015-12-09', 'Wednesday'],
  ['thanhhoa-2012.yaml', '2012-so-ket', '2012-06-05', 'before', '2012-06-04', 'Monday', '2012-06-04', 'Monday'],
  ['thanhhoa-2012.yaml', '2012-tong-ket', '2012-12-05', 'before', '2012-12-04', 'Tuesday', '2012-12-04', 'Tuesday'],
];

describe('seed plans: deadlines', () => {
  for (const [file, key, date, rule, nominal, nominalDay, shifted, shiftedDay] of deadlines) {
    it(`${file} ${key}: ${rule} ${date} → last day ${shifted} (${shiftedDay})`, () => {
      const { plan } = load(file);
      const c = plan.cycles.find((x) => x.key === key);
      // on failure, look at: `cycle ${key}`
      expectTruthy(c);
      expect(c.due).toStrictEqual({ date, rule });
      expect(weekday(nominal)).toBe(nominalDay);
      expect(weekday(shifted)).toBe(shiftedDay);
      const t = cycleTimeline(c, plan.reminders, plan.calendar);
      expect(t.nominalLastDay).toBe(nominal);
      expect(t.lastDay).toBe(shifted);
      expect(DateTime.fromJSDate(t.dueAt, { zone: VN_ZONE }).toISO()).toBe(`${DateTime.fromISO(shifted).plus({ days: 1 }).toISODate()}T00:00:00.000+07:00`);
    });
  }

  it('every cycle of every seed plan is in the table', () => {
    for (const file of ['vinhlong-2014.yaml', 'langson-2016.yaml', 'nghean-2020.yaml', 'quangninh-2011-2015.yaml', 'thanhhoa-2012.yaml']) {
      const keys = load(file).plan.cycles.map((c) => c.key).sort();
      // on failure, look at: file
      expect(keys).toStrictEqual(deadlines.filter((d) => d[0] === file).map((d) => d[1]).sort());
    }
  });
});

describe('seed plans: content', () => {
  it('no seed plan writes to a real mailbox: every email is on a .invalid domain', () => {
    for (const file of ['vinhlong-2014.yaml', 'langson-2016.yaml', 'nghean-2020.yaml', 'quangninh-2011-2015.yaml', 'thanhhoa-2012.yaml']) {
      const { plan } = load(file);
      const emails = [plan.standingOffice.email, ...plan.standingCommittee.map((m) => m.email), ...plan.units.flatMap((u) => u.focalPersons.map((p) => p.email))];
      for (const e of emails) {
        // on failure, look at: `${file}: ${e}`
        expect(e).toMatch(/@[a-z]+\.dondoc\.invalid$/);
      }
    }
  });

  it('Lạng Sơn 2016: tasks with their due periods, lead and coordinating units', () => {
    const { plan } = load('langson-2016.yaml');
    const due = (ref: string) => {
      const t = plan.tasks.find((x) => x.ref === ref)!;
      const p = parseDuePeriod(t.due!, plan.period!.from);
      expectTruthy(p.ok);
      return [t.lead, t.coordinating, p.from, p.to];
    };
    expect(due('II.1')).toStrictEqual(['so-noi-vu', ['hoi-lhpn'], '2016-06-01', '2016-06-30']);
    expect(due('II.3.a')).toStrictEqual(['so-ldtbxh', ['hoi-lhpn'], '2016-04-01', '2016-05-31']);
    expect(due('II.3.b')).toStrictEqual(['so-ldtbxh', [], '2016-07-01', '2016-09-30']);
    expect(due('II.5')).toStrictEqual(['so-ldtbxh', ['so-vhttdl', 'hoi-lhpn', 'cong-an-tinh', 'so-y-te'], '2016-11-01', '2016-12-31']);
    expect(due('II.6.3')).toStrictEqual(['ban-dan-toc', [], '2016-01-01', '2016-12-31']);
    expect(plan.standingOffice.phone).toBe('0253.719.996');
    expect(plan.standingCommittee.some((m) => m.role === 'secretariat')).toBeTruthy();
  });

  it('Vĩnh Long 2014: the offices and the commune coordinate tasks but owe no report', () => {
    const { plan } = load('vinhlong-2014.yaml');
    const owing = owingUnits(plan.units, plan.cycles[0]!).map((u) => u.code);
    expect(owing.length).toBe(14);
    expect(!owing.includes('ubnd-xa-hoa-loc')).toBeTruthy();
    expect(plan.units.find((u) => u.code === 'ubnd-xa-hoa-loc')!.parent).toBe('ubnd-tam-binh');
    expect(plan.tasks.find((t) => t.ref === 'II.A.7.3')!.coordinating).toStrictEqual(['so-vhttdl', 'phong-ldtbxh-tam-binh', 'ubnd-xa-hoa-loc']);
  });

  it('Nghệ An 2020: 7 objectives; the indicators it assigns, by lead unit', () => {
    const { plan } = load('nghean-2020.yaml');
    expect(plan.objectives.length).toBe(7);
    const led = (code: string) =>
      plan.objectives.flatMap((o) => o.indicators.filter((i) => i.lead === code).map((i) => `${o.number}.${i.number}`));
    expect(led('so-ldtbxh')).toStrictEqual(['2.1', '2.3', '2.5', '7.4', '7.5']);
    expect(led('so-noi-vu')).toStrictEqual(['1.2', '1.3', '1.4', '7.3']);
    expect(plan.objectives.find((o) => o.number === 3)!.lead).toBe('so-gddt');
  });

  it('Quảng Ninh 2011-2015: a five-year plan with 7 objectives and 26 indicators', () => {
    const { plan } = load('quangninh-2011-2015.yaml');
    expect(plan.period).toStrictEqual({ from: 2011, to: 2015 });
    expect(plan.objectives.map((o) => o.indicators.length)).toStrictEqual([3, 4, 5, 5, 2, 3, 4]);
    const i42 = plan.objectives[3]!.indicators[1]!;
    // "không vượt quá 113": a ceiling (issue 14 §1 direction); the other targets default to at least.
    expect(i42.target).toStrictEqual({ value: 113, unit: 'trẻ sơ sinh trai/100 trẻ sơ sinh gái', year: 2015, direction: 'at-most' });
    expect(i42.lead).toBe('so-y-te');
    // "ít nhất tỷ lệ 45% cho mỗi giới": each sex's share judged on its own, so reported by sex.
    const i21 = plan.objectives[1]!.indicators[0]!;
    expect([i21.bySex, i21.target?.perSex, i21.target?.value]).toStrictEqual([true, true, 45]);
  });

  it('Thanh Hóa 2012: the standing office’s address and phone; Quý I tasks fall in 2012', () => {
    const { plan } = load('thanhhoa-2012.yaml');
    expect(plan.standingOffice.phone).toBe('0373.714.155');
    const t = plan.tasks.find((x) => x.ref === 'A.II.1.a')!;
    expect(parseDuePeriod(t.due!, plan.period!.from)).toStrictEqual({ ok: true, from: '2012-01-01', to: '2012-03-31' });
  });
});
