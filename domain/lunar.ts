// The Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's published astronomical algorithm
// (new moons and solar terms from Jean Meeus's formulas, computed for UTC+7). The Vietnamese
// calendar is computed for Hà Nội's time zone, not Beijing's (UTC+8), so it differs from the Chinese
// calendar in some years: Tết 2030 is 2 February in Vietnam, 3 February in China.
// No npm package implementing it is maintained (the two on npm have one release each and no tests),
// so the ~100 lines live here, with tests against known dates.
import type { LocalDate } from './calendar.ts';

/** Vietnam's civil time zone, in hours: the calendar's days and months start at UTC+7 midnight. */
const VIETNAM_TIME_ZONE = 7;
const MS_PER_DAY = 86_400_000;
/** Julian day number of 1970-01-01. */
const JDN_UNIX_EPOCH = 2_440_588;

export interface LunarDate {
  day: number; // 1..30
  month: number; // 1..12
  year: number; // the lunar year, numbered like the Gregorian year in which it mostly falls
  leap: boolean; // true in a leap month (tháng nhuận)
}

const int = Math.floor;

function jdnOf(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return int(Date.UTC(y, m - 1, d) / MS_PER_DAY) + JDN_UNIX_EPOCH;
}

function dateOfJdn(jdn: number): LocalDate {
  return new Date((jdn - JDN_UNIX_EPOCH) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude (radians, 0..2π) at Julian date `jd` (Meeus, low precision). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  const L = (L0 + DL) * dr;
  return L - Math.PI * 2 * int(L / (Math.PI * 2));
}

/** Which of the 12 major solar-term sectors (0..11) the sun is in at the start of local day `jdn`. */
function sunSector(jdn: number): number {
  return int((sunLongitude(jdn - 0.5 - VIETNAM_TIME_ZONE / 24) / Math.PI) * 6);
}

/** The local day (JDN) of the k-th new moon. */
function newMoonDay(k: number): number {
  return int(newMoon(k) + 0.5 + VIETNAM_TIME_ZONE / 24);
}

/** The first day (JDN) of the 11th lunar month, the one containing the winter solstice, of year `yy`. */
function lunarMonth11(yy: number): number {
  const off = jdnOf(`${String(yy).padStart(4, '0')}-12-31`) - 2415021;
  const k = int(off / 29.530588853);
  const nm = newMoonDay(k);
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** In a 13-month year starting at month 11 `a11`, the offset of the first month without a major term. */
function leapMonthOffset(a11: number): number {
  const k = int((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

export function solarToLunar(date: LocalDate): LunarDate {
  const dayNumber = jdnOf(date);
  const yy = Number(date.slice(0, 4));
  const k = int((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(yy);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = lunarMonth11(yy - 1);
  } else {
    year = yy + 1;
    b11 = lunarMonth11(yy + 1);
  }
  const day = dayNumber - monthStart + 1;
  const diff = int((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/** The Gregorian date of a lunar date; RangeError for a leap month that year does not have. */
export function lunarToSolar(day: number, month: number, year: number, leap = false): LocalDate {
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1);
    b11 = lunarMonth11(year);
  } else {
    a11 = lunarMonth11(year);
    b11 = lunarMonth11(year + 1);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`lunar year ${year} has no leap month`);
  }
  const k = int(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  return dateOfJdn(newMoonDay(k + off) + day - 1);
}

/** Tết Nguyên Đán: the first day of lunar year `year`. */
export function tetOf(year: number): LocalDate {
  return lunarToSolar(1, 1, year);
}
