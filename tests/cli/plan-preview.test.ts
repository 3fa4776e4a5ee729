// `dondoc plan preview`, run as a child process: the text timeline, --json lines, --from/--to, --ics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dondoc, ROOT, scratch, STACK_TRACE } from './cli-runner.ts';

interface Row {
  cycle: string;
  unit: string;
  kind: 'due' | 'reminder' | 'overdue' | 'escalation';
  at: string;
  daysBefore?: number;
}

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('dondoc plan preview', () => {
  it('prints each cycle’s timeline in Vietnam time, with the Civil Code shift explained', async () => {
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml');
    expect(r).toMatchObject({ code: 0 });
    const out = r.stdout;
    expect(out).toMatch(/Kỳ \/ cycle 2016-tong-ket: Báo cáo tổng kết năm 2016/);
    expect(out).toMatch(/hạn: trước ngày 05\/12\/2016, hạn cuối Thứ Hai 05\/12\/2016 \/ deadline: before 05\/12\/2016, last day Monday 05\/12\/2016/);
    expect(out).toMatch(/Chủ nhật 04\/12\/2016 là ngày nghỉ: dời sang ngày làm việc tiếp theo \(Điều 148 BLDS 2015\)/);
    expect(out).toMatch(/21\/11\/2016 08:00 {2}nhắc nộp, còn 14 ngày/);
    expect(out).toMatch(/02\/12\/2016 08:00 {2}nhắc nộp, còn 3 ngày/);
    expect(out).toMatch(/06\/12\/2016 00:00 {2}hết hạn nộp: hết ngày Thứ Hai 05\/12\/2016/);
    expect(out).toMatch(/06\/12\/2016 08:00 {2}thông báo quá hạn \/ overdue notice/);
    expect(out).toMatch(/12\/12\/2016 08:00 {2}báo cáo Thường trực Ban \/ escalation/);
    expect(out).toMatch(/13 đơn vị \/ units: Sở Lao động - Thương binh và Xã hội; Sở Nội vụ;/);
    // Reminders on a Sunday move to Friday: none is printed on 04/12.
    expect(out).not.toMatch(/04\/12\/2016 08:00/);
  });

  it('--json: one object per unit and instant, ISO 8601 at +07:00, in time order', async () => {
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--json');
    expect(r).toMatchObject({ code: 0 });
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    // 13 units x 2 cycles x (3 reminders + due + overdue + escalation)
    expect(rows.length).toBe(13 * 2 * 6);
    for (const row of rows) {
      expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(['due', 'reminder', 'overdue', 'escalation']).toContain(row.kind);
    }
    const times = rows.map((x) => Date.parse(x.at));
    expect(times).toStrictEqual([...times].sort((a, b) => a - b));
    const noiVu = rows.filter((x) => x.unit === 'so-noi-vu' && x.cycle === '2016-tong-ket');
    expect(noiVu.map((x) => [x.kind, x.at])).toStrictEqual([
        ['reminder', '2016-11-21T08:00:00+07:00'],
        ['reminder', '2016-11-28T08:00:00+07:00'],
        ['reminder', '2016-12-02T08:00:00+07:00'],
        ['due', '2016-12-06T00:00:00+07:00'],
        ['overdue', '2016-12-06T08:00:00+07:00'],
        ['escalation', '2016-12-12T08:00:00+07:00'],
      ]);
  });

  it('--from and --to keep only the instants in that range (dd/mm/yyyy or yyyy-mm-dd)', async () => {
    const r = await dondoc('plan', 'preview', 'plans/quangninh-2011-2015.yaml', '--json', '--from', '01/06/2013', '--to', '2013-06-30');
    expect(r).toMatchObject({ code: 0 });
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.cycle === '2013-6-thang' && x.at >= '2013-06-01' && x.at < '2013-07-01')).toBeTruthy();
    // "before 10/6/2013": 9/6 was a Sunday, so the deadline passes at the end of Monday 10/6.
    expect(rows.some((x) => x.kind === 'due' && x.at === '2013-06-11T00:00:00+07:00')).toBeTruthy();
  });

  it('--ics writes an RFC 5545 calendar', async () => {
    const { dir } = scratch();
    const out = path.join(dir, 'langson.ics');
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--ics', out);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/Đã ghi \/ wrote 12 sự kiện \/ events/);
    const ics = readFileSync(out, 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n')).toBeTruthy();
    // every line ends in CRLF
    expect(ics.replace(/\r\n/g, '').includes('\n')).toBe(false);
    for (const line of ics.split('\r\n')) {
      // on failure, look at: `folded at 75 octets: ${line}`
      expect(octets(line)).toBeLessThanOrEqual(75);
    }
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    const uids = lines.filter((l) => l.startsWith('UID:'));
    expect(uids.length).toBe(12);
    // unique UIDs
    expect(new Set(uids).size).toBe(12);
    expect(lines.filter((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l)).length).toBe(12);
    // the annual deadline passes at 24:00 on 5/12 Vietnam time
    expect(lines).toContain('DTSTART:20161205T170000Z');
    expect(lines.some((l) => l.startsWith('SUMMARY:[Hết hạn nộp / Deadline] Báo cáo tổng kết năm 2016'))).toBeTruthy();
    // escaped semicolons
    expect(lines.some((l) => l.startsWith('DESCRIPTION:') && l.includes('\\; Sở Nội vụ\\;'))).toBeTruthy();
  });

  it('by default no email falls on a day off; reminders moved or merged are named (Tết 2026)', async () => {
    const { write } = scratch();
    const file = write(
      'tet.yaml',
      `version: 1
id: tet-2026
province: Tỉnh Thử nghiệm
title: Kế hoạch thử nghiệm
standingOffice: { name: Sở Thử nghiệm, email: office@test.dondoc.invalid }
standingCommittee: [{ name: Tổ thư ký, role: secretariat, email: tkt@test.dondoc.invalid }]
units: [{ code: so-noi-vu, name: Sở Nội vụ, kind: department, focalPersons: [{ name: Chị An, email: an@test.dondoc.invalid }] }]
cycles:
  - { key: sau-tet, kind: one-off, title: Báo cáo sau Tết, due: { date: "2026-02-23", rule: by }, opensOn: "2026-01-15" }
  - { key: thu-sau, kind: one-off, title: Báo cáo hạn thứ Sáu, due: { date: "2016-12-02", rule: by }, opensOn: "2016-11-01" }
reminders: { daysBefore: [7, 3, 1] }
`,
    );
    const text = await dondoc('plan', 'preview', file);
    expect(text).toMatchObject({ code: 0 });
    // Tết 2026 is off from 14/2 to 22/2: the three reminders are sent once, on Friday 13/2, and the preview says so.
    expect(text.stdout).toMatch(/13\/02\/2026 08:00 {2}nhắc nộp, còn 10 ngày \(gộp các lần nhắc 7, 3, 1 ngày trước hạn vì cùng rơi vào một ngày làm việc: chỉ gửi một thư\) \/ reminder, 10 day\(s\) left \(merges the reminders 7, 3, 1 day\(s\) before/);
    expect(text.stdout).not.toMatch(/(1[4-9]|2[0-2])\/02\/2026 08:00/);
    // Last day Friday 2/12/2016: the overdue notice goes on Monday 5/12, not Saturday 3/12.
    expect(text.stdout).toMatch(/05\/12\/2016 08:00 {2}thông báo quá hạn/);
    expect(text.stdout).not.toMatch(/03\/12\/2016 08:00/);
    const json = await dondoc('plan', 'preview', file, '--json');
    const rows = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row & { asked?: number[] });
    expect(rows.filter((x) => x.cycle === 'sau-tet' && x.kind === 'reminder').map((x) => [x.at, x.daysBefore, x.asked])).toStrictEqual([['2026-02-13T08:00:00+07:00', 10, [7, 3, 1]]]);
    for (const row of rows.filter((x) => x.kind !== 'due')) {
      const day = new Date(row.at).getUTCDay(); // instants at 08:00 +07:00 are on the same UTC day
      // on failure, look at: `${row.kind} at ${row.at}`
      expect(day === 0 || day === 6).toBe(false);
    }
  });

  it('bad options: exit code 2 with the usage, never a stack trace', async () => {
    const [badDate, unknown, noFile] = await Promise.all([
      dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--from', '31/02/2016'),
      dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--weekly'),
      dondoc('plan', 'preview'),
    ]);
    for (const r of [badDate, unknown, noFile]) {
      expect(r).toMatchObject({ code: 2 });
      expect(r.stderr).toMatch(/Cách dùng \/ usage: dondoc plan preview FILE/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    expect(badDate.stderr).toMatch(/--from 31\/02\/2016: ngày không hợp lệ/);
  });

  it('an invalid plan: exit code 1 with its errors', async () => {
    const { write } = scratch();
    const file = write('bad.yaml', readFileSync(path.join(ROOT, 'plans/langson-2016.yaml'), 'utf8').replace('lead: so-noi-vu', 'lead: so-noi-vu-cu'));
    const r = await dondoc('plan', 'preview', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/tasks\[0\]\.lead \(dòng \/ line \d+\): không có đơn vị mã "so-noi-vu-cu"/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
