// The text of a unit's report file, offered in the compiled report under the unit's name so the office
// edits instead of retyping: DOCX through mammoth, a PDF with a text layer through unpdf. Anything else,
// or a file either library cannot read (corrupt, encrypted, a scanned PDF without text), gives null: the
// report is drafted without it and the file's link stays. Never throws.
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PDF = 'application/pdf';
/** Past this much text the rest is cut: the draft offers the start, the file has the whole. */
export const MAX_EXTRACTED_CHARS = 20_000;

export function canExtract(contentType: string | null | undefined): boolean {
  return contentType === DOCX || contentType === PDF;
}

function tidy(text: string): string | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim());
  const joined = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  if (!joined) return null;
  return joined.length > MAX_EXTRACTED_CHARS ? `${joined.slice(0, MAX_EXTRACTED_CHARS)} …` : joined;
}

export async function extractReportText(bytes: Uint8Array, contentType: string | null | undefined): Promise<string | null> {
  try {
    if (contentType === DOCX) {
      const r = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      return tidy(r.value);
    }
    if (contentType === PDF) {
      // unpdf hands the buffer to pdf.js, which may detach it: give it a copy.
      // verbosity 0: a damaged file is an ordinary case here, not a warning on the console.
      const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
      try {
        return tidy((await extractText(pdf, { mergePages: true })).text);
      } finally {
        await pdf.cleanup(); // the page caches; the document itself is garbage once out of scope
      }
    }
  } catch {
    return null; // a file neither library can read is offered as its link only
  }
  return null;
}
