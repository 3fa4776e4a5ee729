// The iCalendar writer (domain/ics.ts): folding, escaping, CRLF, UTC instants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildCalendar, escapeText, foldLine, icsUtc } from '../../domain/ics.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (s: string) => s.replace(/\r\n /g, '');

describe('iCalendar writer', () => {
  it('writes instants in UTC', () => {
    assert.equal(icsUtc(new Date('2016-12-05T17:00:00.000Z')), '20161205T170000Z');
  });

  it('escapes TEXT values', () => {
    assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
  });

  it('folds long lines at 75 octets without splitting a Vietnamese character', () => {
    const line = `SUMMARY:${'Báo cáo tổng kết năm của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh '.repeat(4)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    assert.ok(parts.length > 3);
    for (const p of parts) assert.ok(octets(p) <= 75, `${octets(p)} octets`);
    for (const p of parts.slice(1)) assert.ok(p.startsWith(' '));
    assert.equal(unfold(folded), line);
    assert.ok(!folded.includes('\uFFFD'));
  });

  it('property: folding keeps every line within 75 octets and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `DESCRIPTION:${s.replace(/[\r\n]/g, '')}`;
        const folded = foldLine(line);
        for (const p of folded.split('\r\n')) assert.ok(octets(p) <= 75);
        assert.equal(unfold(folded), line);
      }),
      { numRuns: 300 },
    );
  });

  it('builds a calendar with CRLF line ends and the required properties', () => {
    const ics = buildCalendar({
      name: 'Kế hoạch; thử, nghiệm',
      now: new Date('2026-01-02T03:04:05Z'),
      events: [{ uid: 'a@dondoc.invalid', start: new Date('2016-12-05T17:00:00Z'), summary: 'Hạn nộp', description: 'dòng 1\ndòng 2' }],
    });
    assert.ok(ics.endsWith('END:VCALENDAR\r\n'));
    assert.equal(ics.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
    const lines = unfold(ics).split('\r\n');
    assert.equal(lines[0], 'BEGIN:VCALENDAR');
    for (const l of ['VERSION:2.0', 'UID:a@dondoc.invalid', 'DTSTAMP:20260102T030405Z', 'DTSTART:20161205T170000Z', 'SUMMARY:Hạn nộp', 'DESCRIPTION:dòng 1\\ndòng 2', 'X-WR-CALNAME:Kế hoạch\\; thử\\, nghiệm']) {
      assert.ok(lines.includes(l), l);
    }
  });
});
