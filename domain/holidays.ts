// Vietnam's public holidays (ngày nghỉ lễ, tết) for civil servants, year by year. Pure.
// Computed defaults follow the Labor Code 2019: art. 112 (the holidays) and art. 111(3) (a holiday
// that falls on a weekly rest day gives a compensatory day off on the next working day). The
// government announces the actual days off each year (bridge days, swapped Saturdays); an announced
// holiday in holidays/announced.json replaces its computed default for that year.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { addDays, VN_ZONE, type LocalDate } from './calendar.ts';
import { lunarToSolar, tetOf } from './lunar.ts';
import announcedJson from './holidays/announced.json' with { type: 'json' };

export const HOLIDAY_NAMES = ['new-year', 'tet', 'hung-kings', 'reunification', 'labour-day', 'national-day'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export const HOLIDAY_LABELS: Record<HolidayName, string> = {
  'new-year': 'Tết Dương lịch / New Year',
  tet: 'Tết Âm lịch / Lunar New Year',
  'hung-kings': 'Giỗ Tổ Hùng Vương / Hùng Kings day',
  reunification: 'Ngày Chiến thắng 30/4 / Reunification Day',
  'labour-day': 'Ngày Quốc tế lao động 1/5 / Labour Day',
  'national-day': 'Quốc khánh 2/9 / National Day',
};

export interface DayOff {
  date: LocalDate;
  holiday: HolidayName;
  /** statutory: the day named by art. 112; compensatory: art. 111(3); announced: from the yearly announcement. */
  basis: 'statutory' | 'compensatory' | 'announced';
}

export interface HolidayYear {
  year: number;
  daysOff: DayOff[]; // ascending by date, one entry per date
  /** Weekend days worked in exchange for a bridge day (announced). */
  workedDays: LocalDate[];
  announced: boolean;
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => DateTime.fromISO(s).isValid);
const AnnouncedYearSchema = z.strictObject({
  source: z.string().min(1),
  holidays: z.partialRecord(z.enum(HOLIDAY_NAMES), z.strictObject({ off: z.array(z.strictObject({ from: isoDay, to: isoDay })).min(1) })),
  workedDays: z.array(isoDay).default([]),
});
const AnnouncedSchema = z.record(z.string().regex(/^\d{4}$/), AnnouncedYearSchema);
export type AnnouncedYear = z.infer<typeof AnnouncedYearSchema>;

/** The announcements shipped with dondoc, validated once at load (a malformed file fails fast). */
export const ANNOUNCED: Readonly<Record<string, AnnouncedYear>> = AnnouncedSchema.parse(
  Object.fromEntries(Object.entries(announcedJson).filter(([k]) => !k.startsWith('$'))),
);

/** Labor Code 2019, art. 111: the weekly rest days of state agencies are Saturday and Sunday. */
export function isWeekend(date: LocalDate): boolean {
  return DateTime.fromISO(date, { zone: VN_ZONE }).weekday >= 6;
}

function weekdayOf(date: LocalDate): number {
  return DateTime.fromISO(date, { zone: VN_ZONE }).weekday; // 1 = Monday .. 7 = Sunday
}

/**
 * From 2021, 2/9 and "one adjacent day (1/9 or 3/9)" (art. 112(1)(đ)), chosen each year by the Prime Minister.
 * Default: the adjacent weekday that joins the weekend (as announced in 2021-2025); 1/9 when 2/9 is
 * a Wednesday and neither does.
 */
function nationalDayAdjacent(year: number): LocalDate {
  const dow = weekdayOf(`${year}-09-02`);
  const after = dow === 1 || dow === 4 || dow === 7; // Mon → Tue 3/9, Thu → Fri 3/9, Sun → Mon 3/9
  return after ? `${year}-09-03` : `${year}-09-01`;
}

/**
 * The days named by law for `year`, by holiday. Art. 112(1) of the Labor Code 2019 (from 2021);
 * before that the Labor Code 2012 (from 1 May 2013) had a single day for 2/9, and the Labor Code
 * 1994 (as amended in 2007) four days of Tết, so the seeds' years (2011-2020) compute as they were.
 */
export function statutoryHolidays(year: number): Record<HolidayName, LocalDate[]> {
  const tet = tetOf(year);
  // Tết: the last day of the old year and the first four (three before 2014) of the new.
  const tetDays = year >= 2014 ? 4 : 3;
  return {
    'new-year': [`${year}-01-01`],
    tet: [addDays(tet, -1), ...Array.from({ length: tetDays }, (_, i) => addDays(tet, i))],
    'hung-kings': [lunarToSolar(10, 3, year)],
    reunification: [`${year}-04-30`],
    'labour-day': [`${year}-05-01`],
    'national-day': year >= 2021 ? [`${year}-09-02`, nationalDayAdjacent(year)].sort() : [`${year}-09-02`],
  };
}

function datesIn(range: { from: LocalDate; to: LocalDate }): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The days off of `year` given an announcement (or none): pure, so tests can pass their own data. */
export function holidayYear(year: number, announced: AnnouncedYear | undefined): HolidayYear {
  const off = new Map<LocalDate, DayOff>();
  const put = (d: DayOff) => {
    if (!off.has(d.date)) off.set(d.date, d);
  };
  const statutory = statutoryHolidays(year);
  const computed = HOLIDAY_NAMES.filter((h) => !announced?.holidays[h]);
  for (const h of HOLIDAY_NAMES) {
    const a = announced?.holidays[h];
    if (a) for (const r of a.off) for (const date of datesIn(r)) put({ date, holiday: h, basis: 'announced' });
  }
  for (const h of computed) for (const date of statutory[h]) put({ date, holiday: h, basis: 'statutory' });
  // Art. 111(3): each statutory day on a weekend gives the next weekday not already off, in date order.
  const onWeekend = computed
    .flatMap((h) => statutory[h].map((date) => ({ date, holiday: h })))
    .filter((d) => isWeekend(d.date))
    .sort((a, b) => a.date.localeCompare(b.date));
  for (const d of onWeekend) {
    let c = addDays(d.date, 1);
    while (isWeekend(c) || off.has(c)) c = addDays(c, 1);
    put({ date: c, holiday: d.holiday, basis: 'compensatory' });
  }
  return {
    year,
    daysOff: [...off.values()].sort((a, b) => a.date.localeCompare(b.date)),
    workedDays: announced ? [...announced.workedDays].sort() : [],
    announced: announced !== undefined,
  };
}

const cache = new Map<number, { year: HolidayYear; off: Map<LocalDate, DayOff>; worked: Set<LocalDate> }>();

function yearData(year: number) {
  let y = cache.get(year);
  if (!y) {
    const hy = holidayYear(year, ANNOUNCED[String(year)]);
    y = { year: hy, off: new Map(hy.daysOff.map((d) => [d.date, d])), worked: new Set(hy.workedDays) };
    cache.set(year, y);
  }
  return y;
}

/** The days off of `year` (announced where the year is announced, computed otherwise). */
export function holidaysOf(year: number): HolidayYear {
  return yearData(year).year;
}

/** The holiday day off on `date`, if any. */
export function dayOffOn(date: LocalDate): DayOff | undefined {
  return yearData(Number(date.slice(0, 4))).off.get(date);
}

/** True for a weekend day announced as a working day (worked in exchange for a bridge day). */
export function isWorkedWeekendDay(date: LocalDate): boolean {
  return yearData(Number(date.slice(0, 4))).worked.has(date);
}
