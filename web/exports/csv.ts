// CSV for Excel users in Vietnam: UTF-8 with a byte-order mark (without it Excel reads the bytes as
// the ANSI code page and Vietnamese turns to mojibake), comma-separated, RFC 4180 quoting, CRLF.
// A cell that a spreadsheet would run as a formula (= + - @, or a leading TAB/CR, OWASP's list) gets
// a leading apostrophe: a unit's comment must never become a formula on the office's computer.
export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: numbers as they are, text guarded against formulas and quoted when needed. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
