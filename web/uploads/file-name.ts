// The name a unit's file is shown and downloaded under. It is display text only: files are stored
// under their SHA-256 (web/uploads/store.ts), so a name like "../../etc/passwd" never reaches a path.
// Still, it is cleaned so that it cannot mislead when shown or saved: no folders, no control or
// bidirectional-override characters (which can make "report‮fdp.exe" read as "reportexe.pdf"),
// a bounded length, and the extension of the type the content really is.
import type { DocumentType } from './sniff.ts';

const MAX_LENGTH = 150;
// C0/C1 controls, DEL, and the Unicode bidi embeddings/overrides/isolates and zero-width marks.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function displayFileName(original: string | undefined, type: DocumentType): string {
  let name = (original ?? '').normalize('NFC').replace(UNSAFE, '');
  name = name.split(/[\\/]/).pop() ?? ''; // the browser may send a full Windows path
  name = name.replace(/[<>:"|?*]/g, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  let base = dot > 0 && /^[a-z0-9]{1,5}$/.test(ext) ? name.slice(0, dot) : name;
  base = base.replace(/[\s.]+$/g, '');
  if (!base) base = 'bao-cao';
  if (base.length > MAX_LENGTH) base = base.slice(0, MAX_LENGTH);
  return `${base}.${type.extension}`;
}

// Its Content-Disposition is web/exports/disposition.ts's contentDisposition(), the one for every download.
export { formatSize } from '../../domain/file-size.ts';
