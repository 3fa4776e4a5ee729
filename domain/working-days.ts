// Working days (ngày làm việc) of Vietnamese state agencies and the Civil Code's deadline rule. Pure.
import { addDays, type LocalDate } from './calendar.ts';
import { dayOffOn, isWeekend, isWorkedWeekendDay } from './holidays.ts';

/** A day the standing office works: Monday-Friday and not a holiday, or a weekend day announced as worked. */
export function isWorkingDay(date: LocalDate): boolean {
  if (dayOffOn(date)) return false;
  return !isWeekend(date) || isWorkedWeekendDay(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: LocalDate): LocalDate {
  let d = addDays(date, 1);
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: LocalDate): LocalDate {
  let d = addDays(date, -1);
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** `date` if it is a working day, else the next working day. */
export function workingDayOnOrAfter(date: LocalDate): LocalDate {
  return isWorkingDay(date) ? date : nextWorkingDay(date);
}

/** `date` if it is a working day, else the previous working day. */
export function workingDayOnOrBefore(date: LocalDate): LocalDate {
  return isWorkingDay(date) ? date : previousWorkingDay(date);
}

/**
 * Civil Code 2015, art. 148(5): a time limit whose last day is a weekend day or a public holiday ends
 * at the end (24:00) of the next working day. Idempotent: shifting a shifted day changes nothing.
 */
export function civilCodeLastDay(lastDay: LocalDate): LocalDate {
  return workingDayOnOrAfter(lastDay);
}

/** The `n`-th working day after `date` (n ≥ 1), counting only working days; n = 0 gives `date`. */
export function addWorkingDays(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d);
  return d;
}
