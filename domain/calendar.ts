// Vietnam-time calendar arithmetic (luxon). Plan dates are local dates; everything that reaches a
// workflow is a UTC instant computed here. Vietnam has no daylight saving, but we never assume it.
import { DateTime } from 'luxon';

export const VN_ZONE = 'Asia/Ho_Chi_Minh';

/** A local date in Vietnam, yyyy-mm-dd. */
export type LocalDate = string;

function local(date: LocalDate): DateTime {
  const d = DateTime.fromISO(date, { zone: VN_ZONE });
  if (!d.isValid) throw new RangeError(`invalid date: ${date}`);
  return d;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return local(date).plus({ days }).toISODate()!;
}

/** The last day a report may arrive: `before X` is X-1, `by X` is X. */
export function lastDayOf(due: { date: LocalDate; rule: 'before' | 'by' }): LocalDate {
  return due.rule === 'before' ? addDays(due.date, -1) : due.date;
}

/** The instant a day ends in Vietnam (24:00, i.e. the next day's 00:00). */
export function endOfDay(date: LocalDate): Date {
  return local(date).plus({ days: 1 }).startOf('day').toJSDate();
}

/** The instant of `time` (HH:MM) on `date` in Vietnam. */
export function atLocalTime(date: LocalDate, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return local(date).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toJSDate();
}

/** Today's date in Vietnam at instant `now`. */
export function localDateAt(now: Date): LocalDate {
  return DateTime.fromJSDate(now, { zone: VN_ZONE }).toISODate()!;
}

/** Whole days from local date `from` to local date `to` (negative when `to` comes first). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round(local(to).diff(local(from), 'days').days);
}

/** The last day of a deadline instant (the day that ends at `dueAt`), in Vietnam time. */
export function lastDayOfDue(dueAt: Date): LocalDate {
  return localDateAt(new Date(dueAt.getTime() - 1));
}

/** Whole calendar days from `lastDay` to the Vietnam date of `now`: 1 on the first day late. */
export function daysOverdue(lastDay: LocalDate, now: Date): number {
  return Math.max(0, daysBetween(lastDay, localDateAt(now)));
}

/** dd/mm/yyyy, the way Vietnamese documents write dates. */
export function formatDate(d: Date | LocalDate): string {
  const dt = typeof d === 'string' ? local(d) : DateTime.fromJSDate(d, { zone: VN_ZONE });
  return dt.toFormat('dd/MM/yyyy');
}

/** HH:mm dd/mm/yyyy in Vietnam time. */
// Intl rather than luxon: pages and exports format thousands of instants (luxon costs ~50 µs each).
const TIME_AND_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: VN_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "HH:mm dd/mm/yyyy" in Vietnam time. */
export function formatDateTime(d: Date): string {
  const p: Record<string, string> = {};
  for (const x of TIME_AND_DAY.formatToParts(d)) p[x.type] = x.value;
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

const WEEKDAYS_VI = ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'];
const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function weekday(date: LocalDate, lang: 'vi' | 'en'): string {
  const i = local(date).weekday - 1;
  return (lang === 'vi' ? WEEKDAYS_VI : WEEKDAYS_EN)[i]!;
}

// Pages show a few distinct days many times (a 20,000-row list shares a handful of deadlines): each is
// computed once. Bounded so that a long-running web app does not keep every day it ever showed.
const SHOWN_DAYS = new Map<string, string>();

/**
 * A day as every page shows it: the weekday, then dd/mm/yyyy ("Thứ Hai, 14/12/2026" / "Monday,
 * 14/12/2026"), so nobody has to work out which weekday a deadline falls on.
 */
export function formatDay(date: LocalDate, lang: 'vi' | 'en'): string {
  const key = `${lang}${date}`;
  let shown = SHOWN_DAYS.get(key);
  if (shown === undefined) {
    shown = `${weekday(date, lang)}, ${formatDate(date)}`;
    if (SHOWN_DAYS.size >= 2000) SHOWN_DAYS.clear();
    SHOWN_DAYS.set(key, shown);
  }
  return shown;
}
