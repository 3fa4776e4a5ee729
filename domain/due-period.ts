// Reads a task's due period as the plans write it ("trong tháng 6/2016", "tháng 4-5/2016",
// "Quý III/2016", "cả năm 2016", "15/11-15/12/2016", "30/6/2016", "2016-06-30") into the first and
// last day of the period. Pure. A period without a year takes `defaultYear` (the plan's year).
import { DateTime } from 'luxon';
import type { LocalDate } from './calendar.ts';

export interface DuePeriod {
  from: LocalDate;
  to: LocalDate; // the last day of the period, inclusive
}

export type DuePeriodResult = ({ ok: true } & DuePeriod) | { ok: false; message: string };

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Words that introduce a period without changing it: "hoàn thành trong", "thực hiện xong trong", "từ ngày". */
const LEAD_WORDS =
  /^(?:(?:thời gian )?(?:hoàn thành|thực hiện xong|thực hiện|triển khai|xong)\s*)?(?:trong\s+|vào\s+|từ\s+|đến\s+|hết\s+)?(?:ngày\s+)?/u;

function fail(text: string): DuePeriodResult {
  return {
    ok: false,
    message: `không hiểu thời hạn "${text}"; ví dụ: "tháng 6/2016", "tháng 4-5/2016", "Quý III/2016", "cả năm 2016", "15/11-15/12/2016", "30/6/2016" / cannot read the due period "${text}"; e.g. "tháng 6/2016", "Quý III/2016", "cả năm 2016", "15/11-15/12/2016"`,
  };
}

function needYear(text: string): DuePeriodResult {
  return { ok: false, message: `thời hạn "${text}" cần ghi năm / the due period "${text}" needs a year` };
}

function day(y: number, m: number, d: number): LocalDate | undefined {
  const dt = DateTime.utc(y, m, d);
  return dt.isValid && dt.day === d && dt.month === m ? dt.toISODate()! : undefined;
}

function endOfMonth(y: number, m: number): LocalDate {
  return DateTime.utc(y, m, 1).endOf('month').toISODate()!;
}

function range(text: string, from: LocalDate | undefined, to: LocalDate | undefined): DuePeriodResult {
  if (!from || !to) return { ok: false, message: `thời hạn "${text}" có ngày không tồn tại / the due period "${text}" has a date that does not exist` };
  if (from > to) return { ok: false, message: `thời hạn "${text}" kết thúc trước khi bắt đầu / the due period "${text}" ends before it starts` };
  return { ok: true, from, to };
}

export function parseDuePeriod(input: string, defaultYear?: number): DuePeriodResult {
  const text = input.normalize('NFC').trim();
  const s = text.toLowerCase().replace(/\s+/g, ' ').replace(/[–—]/g, '-').replace(/^[(*\s]+|[.;,)*\s]+$/g, '').replace(LEAD_WORDS, '').trim();
  const yearOr = (y: string | undefined) => (y ? Number(y) : defaultYear);
  let m: RegExpMatchArray | null;

  // ISO date, or two ISO dates: 2016-06-30, 2016-11-15/2016-12-15
  if ((m = s.match(/^(\d{4}-\d{2}-\d{2})(?:\s*(?:\/|-|đến)\s*(\d{4}-\d{2}-\d{2}))?$/))) {
    const valid = (d: string) => (DateTime.fromISO(d).isValid ? d : undefined);
    return range(text, valid(m[1]!), valid(m[2] ?? m[1]!));
  }
  // cả năm 2016, năm 2016
  if ((m = s.match(/^(?:cả |trong )?năm (\d{4})$/))) {
    const y = Number(m[1]);
    return range(text, day(y, 1, 1), day(y, 12, 31));
  }
  // 6 tháng đầu năm 2016, 6 tháng cuối năm 2016
  if ((m = s.match(/^6 tháng (đầu|cuối) năm(?: (\d{4}))?$/))) {
    const y = yearOr(m[2]);
    if (y === undefined) return needYear(text);
    return m[1] === 'đầu' ? range(text, day(y, 1, 1), day(y, 6, 30)) : range(text, day(y, 7, 1), day(y, 12, 31));
  }
  // quý III/2016, quý 3 năm 2016, quý i
  if ((m = s.match(/^quý (iv|iii|ii|i|[1-4])(?:\s*(?:\/|năm)\s*(\d{4}))?$/))) {
    const q = ROMAN[m[1]!] ?? Number(m[1]);
    const y = yearOr(m[2]);
    if (y === undefined) return needYear(text);
    return range(text, day(y, 3 * q - 2, 1), endOfMonth(y, 3 * q));
  }
  // tháng 6/2016, tháng 4-5/2016, tháng 11 - 12/2016, tháng 6 năm 2016
  if ((m = s.match(/^tháng (\d{1,2})(?:\s*-\s*(\d{1,2}))?(?:\s*(?:\/|năm)\s*(\d{4}))?$/))) {
    const y = yearOr(m[3]);
    if (y === undefined) return needYear(text);
    const m1 = Number(m[1]);
    const m2 = Number(m[2] ?? m[1]);
    if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12) return range(text, undefined, undefined);
    return range(text, day(y, m1, 1), endOfMonth(y, m2));
  }
  // 15/11-15/12/2016, 15/11 đến 15/12/2016, 15/11/2016 - 15/12/2016, 30/6/2016, 30/6
  if ((m = s.match(/^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?(?:\s*(?:-|đến(?: ngày)?)\s*(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?)?$/))) {
    const [, d1, m1, y1, d2, m2, y2] = m;
    if (d2 === undefined) {
      const y = yearOr(y1);
      if (y === undefined) return needYear(text);
      const d = day(y, Number(m1), Number(d1));
      return range(text, d, d);
    }
    const yTo = yearOr(y2 ?? y1);
    if (yTo === undefined) return needYear(text);
    const to = day(yTo, Number(m2), Number(d2));
    let from = day(y1 ? Number(y1) : yTo, Number(m1), Number(d1));
    // "15/12-15/1/2017" crosses the new year: the start is in the year before.
    if (!y1 && from && to && from > to) from = day(yTo - 1, Number(m1), Number(d1));
    return range(text, from, to);
  }
  return fail(text);
}
