// `dondoc plan preview`, run as a child process: the text timeline, --json lines, --from/--to, --ics.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dondoc, ROOT, scratch, STACK_TRACE } from './cli-runner.ts';

interface Row {
  cycle: string;
  unit: string;
  kind: 'due' | 'reminder' | 'overdue' | 'escalation';
  at: string;
  daysBefore?: number;
}

const octets = (s: string) => new TextEncoder().encode(s).length;

describe('dondoc plan preview', { concurrency: 4 }, () => {
  it('prints each cycle’s timeline in Vietnam time, with the Civil Code shift explained', async () => {
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml');
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /Kỳ \/ cycle 2016-tong-ket: Báo cáo tổng kết năm 2016/);
    assert.match(out, /hạn: trước ngày 05\/12\/2016, hạn cuối Thứ Hai 05\/12\/2016 \/ deadline: before 05\/12\/2016, last day Monday 05\/12\/2016/);
    assert.match(out, /Chủ nhật 04\/12\/2016 là ngày nghỉ: dời sang ngày làm việc tiếp theo \(Điều 148 BLDS 2015\)/);
    assert.match(out, /21\/11\/2016 08:00 {2}nhắc nộp, còn 14 ngày/);
    assert.match(out, /02\/12\/2016 08:00 {2}nhắc nộp, còn 3 ngày/);
    assert.match(out, /06\/12\/2016 00:00 {2}hết hạn nộp: hết ngày Thứ Hai 05\/12\/2016/);
    assert.match(out, /06\/12\/2016 08:00 {2}thông báo quá hạn \/ overdue notice/);
    assert.match(out, /12\/12\/2016 08:00 {2}báo cáo Thường trực Ban \/ escalation/);
    assert.match(out, /13 đơn vị \/ units: Sở Lao động - Thương binh và Xã hội; Sở Nội vụ;/);
    // Reminders on a Sunday move to Friday: none is printed on 04/12.
    assert.doesNotMatch(out, /04\/12\/2016 08:00/);
  });

  it('--json: one object per unit and instant, ISO 8601 at +07:00, in time order', async () => {
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--json');
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    // 13 units x 2 cycles x (3 reminders + due + overdue + escalation)
    assert.equal(rows.length, 13 * 2 * 6);
    for (const row of rows) {
      assert.match(row.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      assert.ok(['due', 'reminder', 'overdue', 'escalation'].includes(row.kind));
    }
    const times = rows.map((x) => Date.parse(x.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const noiVu = rows.filter((x) => x.unit === 'so-noi-vu' && x.cycle === '2016-tong-ket');
    assert.deepEqual(
      noiVu.map((x) => [x.kind, x.at]),
      [
        ['reminder', '2016-11-21T08:00:00+07:00'],
        ['reminder', '2016-11-28T08:00:00+07:00'],
        ['reminder', '2016-12-02T08:00:00+07:00'],
        ['due', '2016-12-06T00:00:00+07:00'],
        ['overdue', '2016-12-06T08:00:00+07:00'],
        ['escalation', '2016-12-12T08:00:00+07:00'],
      ],
    );
  });

  it('--from and --to keep only the instants in that range (dd/mm/yyyy or yyyy-mm-dd)', async () => {
    const r = await dondoc('plan', 'preview', 'plans/quangninh-2011-2015.yaml', '--json', '--from', '01/06/2013', '--to', '2013-06-30');
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((x) => x.cycle === '2013-6-thang' && x.at >= '2013-06-01' && x.at < '2013-07-01'));
    // "before 10/6/2013": 9/6 was a Sunday, so the deadline passes at the end of Monday 10/6.
    assert.ok(rows.some((x) => x.kind === 'due' && x.at === '2013-06-11T00:00:00+07:00'));
  });

  it('--ics writes an RFC 5545 calendar', async () => {
    const { dir } = scratch();
    const out = path.join(dir, 'langson.ics');
    const r = await dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--ics', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Đã ghi \/ wrote 12 sự kiện \/ events/);
    const ics = readFileSync(out, 'utf8');
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n') && ics.endsWith('END:VCALENDAR\r\n'));
    assert.equal(ics.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
    for (const line of ics.split('\r\n')) assert.ok(octets(line) <= 75, `folded at 75 octets: ${line}`);
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    const uids = lines.filter((l) => l.startsWith('UID:'));
    assert.equal(uids.length, 12);
    assert.equal(new Set(uids).size, 12, 'unique UIDs');
    assert.equal(lines.filter((l) => /^DTSTAMP:\d{8}T\d{6}Z$/.test(l)).length, 12);
    assert.ok(lines.includes('DTSTART:20161205T170000Z'), 'the annual deadline passes at 24:00 on 5/12 Vietnam time');
    assert.ok(lines.some((l) => l.startsWith('SUMMARY:[Hết hạn nộp / Deadline] Báo cáo tổng kết năm 2016')));
    assert.ok(lines.some((l) => l.startsWith('DESCRIPTION:') && l.includes('\\; Sở Nội vụ\\;')), 'escaped semicolons');
  });

  it('bad options: exit code 2 with the usage, never a stack trace', async () => {
    const [badDate, unknown, noFile] = await Promise.all([
      dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--from', '31/02/2016'),
      dondoc('plan', 'preview', 'plans/langson-2016.yaml', '--weekly'),
      dondoc('plan', 'preview'),
    ]);
    for (const r of [badDate, unknown, noFile]) {
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /Cách dùng \/ usage: dondoc plan preview FILE/);
      assert.doesNotMatch(r.stderr, STACK_TRACE);
    }
    assert.match(badDate.stderr, /--from 31\/02\/2016: ngày không hợp lệ/);
  });

  it('an invalid plan: exit code 1 with its errors', async () => {
    const { write } = scratch();
    const file = write('bad.yaml', readFileSync(path.join(ROOT, 'plans/langson-2016.yaml'), 'utf8').replace('lead: so-noi-vu', 'lead: so-noi-vu-cu'));
    const r = await dondoc('plan', 'preview', file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tasks\[0\]\.lead \(dòng \/ line \d+\): không có đơn vị mã "so-noi-vu-cu"/);
    assert.doesNotMatch(r.stderr, STACK_TRACE);
  });
});
