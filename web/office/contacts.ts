// The office's contact list for a unit, typed as "Name <email>" one per line. Pure, so it is tested
// with a table of inputs.
import { z } from 'zod';
import { bi, type Html } from '../html.ts';

export interface ContactInput {
  name: string;
  email: string;
}

const LINE = /^(.+?)\s*<([^<>\s]+)>$/;
const Email = z.email();

export function parseContacts(text: string): { ok: true; contacts: ContactInput[] } | { ok: false; error: Html } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: false, error: bi('Cần ít nhất một đầu mối.', 'At least one focal person is needed.') };
  if (lines.length > 20) return { ok: false, error: bi('Tối đa 20 đầu mối.', 'At most 20 focal persons.') };
  const contacts: ContactInput[] = [];
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m || !Email.safeParse(m[2]).success || m[1]!.length > 200) {
      return { ok: false, error: bi(`Dòng ${i + 1} không đúng dạng "Họ tên <email>": ${line.slice(0, 100)}`, `Line ${i + 1} is not "Name <email>": ${line.slice(0, 100)}`) };
    }
    contacts.push({ name: m[1]!, email: m[2]!.toLowerCase() });
  }
  return { ok: true, contacts };
}
