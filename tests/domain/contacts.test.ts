// Focal persons written one way everywhere ("Name <email>") and read back from the office's form:
// what the form shows it reads back unchanged, and what it refuses it says where.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addressesOf, formatContact, formatContactLines, formatContactList, MAX_CONTACTS, parseContactLines, type Contact } from '../../domain/contacts.ts';

const an = { name: 'Nguyễn Văn An, Phó Chánh Văn phòng', email: 'an@sonoivu.langson.gov.vn' };
const binh = { name: 'Chị Bình', email: 'binh@sonoivu.langson.gov.vn' };

describe('formatting contacts', () => {
  it('writes one contact as "Name <email>"', () => {
    expect(formatContact(binh)).toBe('Chị Bình <binh@sonoivu.langson.gov.vn>');
  });

  it('joins a list with "; " so a comma inside a name does not split a person', () => {
    expect(formatContactList([an, binh])).toBe('Nguyễn Văn An, Phó Chánh Văn phòng <an@sonoivu.langson.gov.vn>; Chị Bình <binh@sonoivu.langson.gov.vn>');
    expect(formatContactList([])).toBe('');
  });

  it('writes one contact a line for the contacts form', () => {
    expect(formatContactLines([an, binh]).split('\n')).toStrictEqual([formatContact(an), formatContact(binh)]);
  });

  it('mails each address once, in the order given', () => {
    expect(addressesOf([binh, an, { name: 'Văn thư', email: binh.email }])).toStrictEqual([binh.email, an.email]);
  });
});

describe('reading the contacts form', () => {
  for (const [input, want] of [
    ['Chị Bình <binh@so.gov.vn>', { ok: true, contacts: [{ name: 'Chị Bình', email: 'binh@so.gov.vn' }] }],
    ['  An   <AN@So.Gov.VN>  \r\n\r\n Bình<binh@so.gov.vn>', { ok: true, contacts: [{ name: 'An', email: 'an@so.gov.vn' }, { name: 'Bình', email: 'binh@so.gov.vn' }] }],
    ['\n \n', { ok: false, problem: { kind: 'none' } }],
    ['An <an@so.gov.vn>\nan@so.gov.vn', { ok: false, problem: { kind: 'line', line: 2, text: 'an@so.gov.vn' } }],
    ['An <not an email>', { ok: false, problem: { kind: 'line', line: 1, text: 'An <not an email>' } }],
    ['<an@so.gov.vn>', { ok: false, problem: { kind: 'line', line: 1, text: '<an@so.gov.vn>' } }],
    [`${'x'.repeat(201)} <an@so.gov.vn>`, { ok: false, problem: { kind: 'line', line: 1, text: `${'x'.repeat(201)} <an@so.gov.vn>` } }],
    [Array.from({ length: MAX_CONTACTS + 1 }, (_, i) => `P${i} <p${i}@x.vn>`).join('\n'), { ok: false, problem: { kind: 'too-many' } }],
  ] as const) {
    it(`${JSON.stringify(input).slice(0, 50)} → ${want.ok ? 'read' : want.problem.kind}`, () => {
      expect(parseContactLines(input)).toStrictEqual(want);
    });
  }

  it('reads back exactly what the form shows, for any list it accepts', () => {
    const letter = fc.constantFrom(...'AaBbĐđăâêôơưàáảãạễNguyễnThịHoa,.()-'.split(''));
    const name = fc
      .array(fc.string({ unit: letter, minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 })
      .map((words) => words.join(' '));
    const email = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}@[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}\.[a-z]{2,4}$/);
    const contact: fc.Arbitrary<Contact> = fc.record({ name, email });
    fc.assert(
      fc.property(fc.array(contact, { minLength: 1, maxLength: MAX_CONTACTS }), (list) => {
        expect(parseContactLines(formatContactLines(list))).toStrictEqual({ ok: true, contacts: list.map((c) => ({ name: c.name, email: c.email })) });
      }),
      { numRuns: 200 },
    );
  });
});
