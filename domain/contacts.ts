// A unit's focal persons (đầu mối) as people read and type them, written once: "Name <email>" in the
// escalation digest and the close summary, the exports, the committee's list (page and XLSX alike) and
// the office's unit page, and read back from the office's contacts form. Pure, no I/O.
import { z } from 'zod';

export interface Contact {
  name: string;
  email: string;
}

/** The form every page, export and email shows a contact in, and the contacts form reads back. */
export function formatContact(c: Contact): string {
  return `${c.name} <${c.email}>`;
}

/**
 * A unit's contacts in one cell or table column. "; " and not ", ": a name may hold a comma
 * ("Nguyễn Văn An, Phó Chánh Văn phòng") and still read as one person.
 */
export function formatContactList(contacts: readonly Contact[]): string {
  return contacts.map(formatContact).join('; ');
}

/** One contact a line: what the contacts form shows and `parseContactLines` reads. */
export function formatContactLines(contacts: readonly Contact[]): string {
  return contacts.map(formatContact).join('\n');
}

/** The addresses an email to these contacts goes to, each once (two people may share a mailbox). */
export function addressesOf(contacts: readonly Pick<Contact, 'email'>[]): string[] {
  return [...new Set(contacts.map((c) => c.email))];
}

export const MAX_CONTACTS = 20;
const MAX_NAME = 200;
const LINE = /^(.+?)\s*<([^<>\s]+)>$/;
const Email = z.email();

export type ContactLinesProblem = { kind: 'none' } | { kind: 'too-many' } | { kind: 'line'; line: number; text: string };

/** Reads "Name <email>" lines (blank ones skipped); emails are kept in lower case. */
export function parseContactLines(text: string): { ok: true; contacts: Contact[] } | { ok: false; problem: ContactLinesProblem } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return { ok: false, problem: { kind: 'none' } };
  if (lines.length > MAX_CONTACTS) return { ok: false, problem: { kind: 'too-many' } };
  const contacts: Contact[] = [];
  for (const [i, line] of lines.entries()) {
    const m = LINE.exec(line);
    if (!m || !Email.safeParse(m[2]).success || m[1]!.length > MAX_NAME) return { ok: false, problem: { kind: 'line', line: i + 1, text: line } };
    contacts.push({ name: m[1]!, email: m[2]!.toLowerCase() });
  }
  return { ok: true, contacts };
}
