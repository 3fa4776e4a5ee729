// The office's contact list for a unit, typed as "Name <email>" one per line (read by
// domain/contacts.ts, the one place that format is written and read); here only the bilingual errors.
import { MAX_CONTACTS, parseContactLines, type Contact } from '../../domain/contacts.ts';
import { bi, type Html } from '../html.ts';

export function parseContacts(text: string): { ok: true; contacts: Contact[] } | { ok: false; error: Html } {
  const r = parseContactLines(text);
  if (r.ok) return r;
  const p = r.problem;
  if (p.kind === 'none') return { ok: false, error: bi('Cần ít nhất một đầu mối.', 'At least one focal person is needed.') };
  if (p.kind === 'too-many') return { ok: false, error: bi(`Tối đa ${MAX_CONTACTS} đầu mối.`, `At most ${MAX_CONTACTS} focal persons.`) };
  const shown = p.text.slice(0, 100);
  return { ok: false, error: bi(`Dòng ${p.line} không đúng dạng "Họ tên <email>": ${shown}`, `Line ${p.line} is not "Name <email>": ${shown}`) };
}
