// The iCalendar writer (domain/ics.ts): folding, escaping, CRLF, UTC instants.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { buildCalendar, escapeText, foldLine, icsUtc } from '../../domain/ics.ts';

const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (s: string) => s.replace(/\r\n /g, '');

describe('iCalendar writer', () => {
  it('writes instants in UTC', () => {
    expect(icsUtc(new Date('2016-12-05T17:00:00.000Z'))).toBe('20161205T170000Z');
  });

  it('escapes TEXT values', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('folds long lines at 75 octets without splitting a Vietnamese character', () => {
    const line = `SUMMARY:${'Báo cáo tổng kết năm của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh '.repeat(4)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) {
      // on failure, look at: `${octets(p)} octets`
      expect(octets(p)).toBeLessThanOrEqual(75);
    }
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBeTruthy();
    expect(unfold(folded)).toBe(line);
    expect(!folded.includes('\uFFFD')).toBeTruthy();
  });

  it('property: folding keeps every line within 75 octets and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const line = `DESCRIPTION:${s.replace(/[\r\n]/g, '')}`;
        const folded = foldLine(line);
        for (const p of folded.split('\r\n')) expect(octets(p)).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
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
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBeTruthy();
    // no bare LF
    expect(ics.replace(/\r\n/g, '').includes('\n')).toBe(false);
    const lines = unfold(ics).split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    for (const l of ['VERSION:2.0', 'UID:a@dondoc.invalid', 'DTSTAMP:20260102T030405Z', 'DTSTART:20161205T170000Z', 'SUMMARY:Hạn nộp', 'DESCRIPTION:dòng 1\\ndòng 2', 'X-WR-CALNAME:Kế hoạch\\; thử\\, nghiệm']) {
      // on failure, look at: l
      expect(lines).toContain(l);
    }
  });
});
