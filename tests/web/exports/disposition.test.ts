// The one Content-Disposition helper (web/exports/disposition.ts), used by every download: the ASCII
// fallback a legacy client reads and the UTF-8 name RFC 5987 carries, never a bare quote or a path.
import { describe, expect, it } from '@jest/globals';
import { asciiFileName, attachment, contentDisposition } from '../../../web/exports/disposition.ts';

/** The UTF-8 name as a browser decodes filename*=UTF-8''... */
const decoded = (header: string) => decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1]!);

describe('Content-Disposition', () => {
  it('a unit\'s file: an ASCII fallback and the UTF-8 name, never a bare quote or semicolon', () => {
    const h = contentDisposition('attachment', 'Báo cáo "Đợt 1"; x.pdf');
    expect(h).toBe(`attachment; filename="Bao cao _Dot 1__ x.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20%22%C4%90%E1%BB%A3t%201%22%3B%20x.pdf`);
    expect(decoded(h)).toBe('Báo cáo "Đợt 1"; x.pdf');
  });

  it('inline only when asked, with the same names', () => {
    expect(contentDisposition('inline', 'Tổng hợp (bản 2).pdf')).toBe(`inline; filename="Tong hop (ban 2).pdf"; filename*=UTF-8''T%E1%BB%95ng%20h%E1%BB%A3p%20%28b%E1%BA%A3n%202%29.pdf`);
  });

  it('the fallback keeps printable ASCII only: no percent sign a browser might decode, no backslash', () => {
    expect(asciiFileName('50% 😀\\x\r\n.xlsx')).toBe('50_ ___x__.xlsx');
  });

  it('an export: a slug fallback, and the title cleaned of separators and control characters', () => {
    expect(attachment('../../Đắk Lắk', 'a/b\\c"d\u0000', 'csv')).toBe(`attachment; filename="dak-lak.csv"; filename*=UTF-8''a%20b%20c%20d.csv`);
    expect(attachment('', '', 'zip')).toBe(`attachment; filename="export.zip"; filename*=UTF-8''export.zip`);
  });
});
