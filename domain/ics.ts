// A minimal RFC 5545 (iCalendar) writer for `dondoc plan preview --ics`: CRLF line ends, lines folded at
// 75 octets without splitting a UTF-8 character, TEXT values escaped, instants in UTC. Pure.
//
// Hand-written on purpose: the `ics` package (3.12.0, installed) was tried in its place. Given these
// events (UTC instants, our UIDs, a fixed DTSTAMP, Vietnamese SUMMARY/DESCRIPTION, the plan title as
// calName, a VALARM) it got the UTC instants (DTSTART:20161205T170000Z), the UIDs we pass, CRLF, the
// escaping of SUMMARY/DESCRIPTION and the VALARM (ACTION, TRIGGER:-PT1H) right, but:
//  - it folds at 75 *characters* (runes2), not 75 octets (RFC 5545 3.1): a Vietnamese SUMMARY line came
//    out at 94 octets and a DESCRIPTION line at 94, which the folding checks of tests/domain/ics.test.ts
//    and tests/cli/plan-preview.test.ts refuse;
//  - X-WR-CALNAME and a VALARM's DESCRIPTION are not TEXT-escaped (newlines only): the calendar name
//    "Kế hoạch; thử, nghiệm" came out with a bare ";" and ",";
//  - no TZID: a time is either UTC ("Z") or floating local time taken from the server process's TZ,
//    never DTSTART;TZID=Asia/Ho_Chi_Minh with a VTIMEZONE (an open pull request upstream,
//    adamgibbons/ics#284). UTC instants plus X-WR-TIMEZONE, as below, put the events at the right
//    Vietnam time in every client, so nothing is lost by staying with UTC;
//  - it always adds X-PUBLISHED-TTL:PT1H, a refresh hint for subscribed feeds, not a file written once.
// Using it would mean unfolding and refolding its output and escaping the name with the code below
// anyway, so the writer stays ours (about 60 lines, no dependency).

export interface IcsEvent {
  uid: string;
  start: Date; // a point in time: no DTEND, so the event ends when it starts (RFC 5545 3.6.1)
  summary: string;
  description?: string;
}

/** 20161205T170000Z */
export function icsUtc(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0)!;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Folds a content line into lines of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Length(ch);
    if (octets + n > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n');
}

export function buildCalendar(opts: { name: string; events: IcsEvent[]; now: Date }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//dondoc//plan preview//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    'X-WR-TIMEZONE:Asia/Ho_Chi_Minh',
  ];
  for (const e of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${icsUtc(opts.now)}`,
      `DTSTART:${icsUtc(e.start)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
