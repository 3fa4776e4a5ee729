// Section IV's texts as the office edits them (issue 14 §3): each reporting unit's text is offered in
// one field, filled with what the unit sent (its comment, then the text read from its files), so the
// office edits instead of retyping. Only a text the office changed is kept with the draft, with the
// submission it was edited from: an unedited unit's text follows the unit's latest submission at every
// regeneration, an edited one stays as the office wrote it (and the page says when the unit has sent a
// newer version since). Pure: the route reads the form and the units, this decides what is kept.
import type { EditedText, UnitReport } from './province-report.ts';

/** The form field of a unit's text: "iv:so-noi-vu" (unit codes are slugs). */
export const UNIT_FIELD_PREFIX = 'iv:';
export const unitField = (unitCode: string) => `${UNIT_FIELD_PREFIX}${unitCode}`;

/** The unit's own text in section IV: its comment, then each file's text, a blank line between. */
export function sentUnitText(u: Pick<UnitReport, 'comment' | 'files'>): string {
  return [u.comment, ...u.files.map((f) => f.text ?? '')].map((t) => t.trim()).filter(Boolean).join('\n\n');
}

/**
 * The text as the documents print it (one paragraph per non-blank line, each trimmed): two texts that
 * print alike are the same text, so a form sent back unchanged (a browser's CRLF, a trailing space)
 * is not an edit.
 */
export function printedLines(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * What the draft keeps from the posted form: for each reporting unit whose field was posted, its text
 * when it differs from what the unit sent; a blank field, or the unit's own text, keeps nothing (the
 * unit's text is followed). A unit not in the form (it reported after the page was opened) keeps nothing.
 */
export function editedTexts(form: Record<string, unknown>, units: readonly UnitReport[]): Record<string, EditedText> {
  const kept: Record<string, EditedText> = {};
  for (const u of units) {
    const posted = form[unitField(u.unitCode)];
    if (typeof posted !== 'string' || kept[u.unitCode]) continue;
    const text = printedLines(posted);
    if (text === '' || text === printedLines(sentUnitText(u))) continue;
    kept[u.unitCode] = { text: posted.replace(/\r\n?/g, '\n').trim(), submissionId: u.submissionId };
  }
  return kept;
}

/** The units with the office's edited texts applied; `stale` where the unit has sent a newer version since. */
export function withEditedTexts(units: readonly UnitReport[], edited: Readonly<Record<string, EditedText>> | undefined): UnitReport[] {
  return units.map((u) => {
    const e = edited?.[u.unitCode];
    return e ? { ...u, edited: { text: e.text, stale: e.submissionId !== u.submissionId } } : u;
  });
}
