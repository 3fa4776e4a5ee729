// Task due periods as the plans write them (domain/due-period.ts).
import { describe, expect, it } from '@jest/globals';
import { parseDuePeriod } from '../../domain/due-period.ts';

describe('parseDuePeriod', () => {
  // [as written, default year, from, to]
  const table: [string, number | undefined, string, string][] = [
    ['tháng 6/2016', undefined, '2016-06-01', '2016-06-30'],
    ['trong tháng 6/2016', undefined, '2016-06-01', '2016-06-30'],
    ['thời gian hoàn thành trong tháng 6/2016', undefined, '2016-06-01', '2016-06-30'],
    ['Hoàn thành trong tháng 4-5/2016', undefined, '2016-04-01', '2016-05-31'],
    ['hoàn thành trong tháng 11 - 12/2016', undefined, '2016-11-01', '2016-12-31'],
    ['tháng 2/2016', undefined, '2016-02-01', '2016-02-29'], // a leap year
    ['tháng 2/2015', undefined, '2015-02-01', '2015-02-28'],
    ['tháng 6 năm 2016', undefined, '2016-06-01', '2016-06-30'],
    ['Quý III/2016', undefined, '2016-07-01', '2016-09-30'],
    ['thực hiện xong trong Quý II/2016', undefined, '2016-04-01', '2016-06-30'],
    ['quý IV/2016', undefined, '2016-10-01', '2016-12-31'],
    ['quý 1 năm 2012', undefined, '2012-01-01', '2012-03-31'],
    ['Quý I', 2012, '2012-01-01', '2012-03-31'],
    ['cả năm 2016', undefined, '2016-01-01', '2016-12-31'],
    ['thời gian thực hiện cả năm 2016', undefined, '2016-01-01', '2016-12-31'],
    ['năm 2013', undefined, '2013-01-01', '2013-12-31'],
    ['6 tháng đầu năm 2016', undefined, '2016-01-01', '2016-06-30'],
    ['6 tháng cuối năm', 2016, '2016-07-01', '2016-12-31'],
    ['15/11-15/12/2016', undefined, '2016-11-15', '2016-12-15'],
    ['từ ngày 15/11 - 15/12/2016', undefined, '2016-11-15', '2016-12-15'],
    ['15/11 đến 15/12', 2020, '2020-11-15', '2020-12-15'],
    ['15/12-15/1/2017', undefined, '2016-12-15', '2017-01-15'],
    ['15/11/2016 - 15/12/2016', undefined, '2016-11-15', '2016-12-15'],
    ['30/6/2016', undefined, '2016-06-30', '2016-06-30'],
    ['ngày 20/10/2016', undefined, '2016-10-20', '2016-10-20'],
    ['2016-06-30', undefined, '2016-06-30', '2016-06-30'],
    ['2016-11-15/2016-12-15', undefined, '2016-11-15', '2016-12-15'],
    ['(thực hiện trong tháng 11/2016).', undefined, '2016-11-01', '2016-11-30'],
  ];
  for (const [text, year, from, to] of table) {
    it(`"${text}"${year ? ` (year ${year})` : ''} → ${from} … ${to}`, () => {
      expect(parseDuePeriod(text, year)).toStrictEqual({ ok: true, from, to });
    });
  }

  const bad: [string, number | undefined, RegExp][] = [
    ['31/6/2016', undefined, /không tồn tại \/ .*does not exist/],
    ['2016-06-31', undefined, /does not exist/],
    ['tháng 13/2016', undefined, /does not exist/],
    ['tháng 6', undefined, /cần ghi năm \/ .*needs a year/],
    ['Quý V/2016', undefined, /không hiểu thời hạn .* \/ cannot read/],
    ['sớm nhất có thể', undefined, /cannot read the due period "sớm nhất có thể"/],
    ['tháng 5-4/2016', undefined, /ends before it starts/],
    ['', 2016, /cannot read/],
  ];
  for (const [text, year, message] of bad) {
    it(`rejects "${text}" with a clear message`, () => {
      const r = parseDuePeriod(text, year);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    });
  }
});
