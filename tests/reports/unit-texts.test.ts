// Section IV's editable texts, decided without the web: the field is filled with what the unit sent;
// only a text the office changed is kept (a form sent back unchanged, with a browser's CRLF or stray
// spaces, is not an edit; a blank field goes back to the unit's text); an edit made from an older
// submission is marked stale once the unit sends a newer one.
import { describe, expect, it } from '@jest/globals';
import type { UnitReport } from '../../reports/province-report.ts';
import { editedTexts, printedLines, sentUnitText, unitField, withEditedTexts } from '../../reports/unit-texts.ts';

const unit = (code: string, over: Partial<UnitReport> = {}): UnitReport => ({
  unitCode: code,
  unitName: code,
  submissionId: `${code}-v1`,
  receivedAt: new Date('2026-06-02T03:00:00Z'),
  onTime: true,
  kind: 'report',
  comment: `Báo cáo của ${code}.`,
  files: [],
  objectives: [],
  ...over,
});

describe('section IV texts', () => {
  it('the unit\'s text is its comment, then each file\'s text, a blank line between', () => {
    const u = unit('so-noi-vu', { comment: '  Đã tập huấn.\n', files: [{ name: 'a.docx', url: 'u', text: 'Nội dung tệp A' }, { name: 'b.pdf', url: 'u' }, { name: 'c.pdf', url: 'u', text: 'Nội dung tệp C' }] });
    expect(sentUnitText(u)).toBe('Đã tập huấn.\n\nNội dung tệp A\n\nNội dung tệp C');
    expect(sentUnitText(unit('x', { comment: '' }))).toBe('');
  });

  it('keeps only the texts the office changed, each with the submission it was edited from', () => {
    const a = unit('a', { files: [{ name: 'a.docx', url: 'u', text: 'Dòng một\nDòng hai' }] });
    const b = unit('b');
    const c = unit('c');
    const d = unit('d');
    const form = {
      _csrf: 'x',
      number: 'Số: 1',
      // sent back as the browser does: CRLF, trailing spaces, a blank line more: the same text
      [unitField('a')]: 'Báo cáo của a.\r\n\r\n\r\nDòng một  \r\nDòng hai\r\n',
      [unitField('b')]: 'Báo cáo của b, đã biên tập.\r\nThêm một dòng.',
      [unitField('c')]: '   ',
      // d's field not posted: it reported after the page was opened
      [unitField('khong-bao-cao')]: 'Đơn vị không có trong danh sách',
    };
    expect(editedTexts(form, [a, b, c, d])).toStrictEqual({ b: { text: 'Báo cáo của b, đã biên tập.\nThêm một dòng.', submissionId: 'b-v1' } });
    expect(printedLines(' x \r\n\r\n y ')).toBe('x\ny');
  });

  it('applies the edits; an edit made from an older submission is stale', () => {
    const units = [unit('a'), unit('b', { submissionId: 'b-v2' }), unit('c')];
    const out = withEditedTexts(units, { a: { text: 'Sửa a', submissionId: 'a-v1' }, b: { text: 'Sửa b', submissionId: 'b-v1' } });
    expect(out.map((u) => u.edited)).toStrictEqual([{ text: 'Sửa a', stale: false }, { text: 'Sửa b', stale: true }, undefined]);
    expect(withEditedTexts(units, undefined)).toStrictEqual(units);
  });
});
