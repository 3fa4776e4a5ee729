// What an uploaded report file really is, read from its bytes: never from its name or the browser's
// content type, which the sender chooses. Only document formats a unit reports in are accepted; the
// rest (HTML, executables, other archives) is refused with a reason the page can explain.
//
// The `file-type` library decides by content: PDF, and the ZIP-based formats (DOCX/XLSX by the main
// part named in [Content_Types].xml, ODT/ODS by the `mimetype` entry; EPUB, JAR, PPTX, macro-enabled
// DOCM/XLSM... are other ZIPs and refused), plus the executables it knows (EXE, ELF, Mach-O) and XML.
// It reads the local headers and inflates only those two small entries, at most 1 MB each, so a zip
// bomb costs nothing there.
// What stays ours, and why:
//  - `.doc`/`.xls`: file-type names every OLE2 compound file `cfb`; which one it is (Word, Excel, or a
//    PowerPoint, an MSI...) is read from its directory entries below.
//  - The ZIP must be whole: file-type decides from the first entries and calls a DOCX cut short after
//    [Content_Types].xml (or one whose `word/` entries come first) a DOCX; Word cannot open it. Its
//    central directory is read with fflate (names only, nothing inflated, entry count bounded).
//  - ODF requires the `mimetype` entry first and stored uncompressed; file-type also reads a later or
//    compressed one.
//  - Text formats (HTML/SVG and `#!` scripts): file-type does not detect text by design.
import { fileTypeFromBuffer } from 'file-type';
import { unzipSync } from 'fflate';

export type DocumentKind = 'pdf' | 'doc' | 'xls' | 'docx' | 'xlsx' | 'odt' | 'ods';

export interface DocumentType {
  kind: DocumentKind;
  contentType: string;
  extension: string;
  label: string;
}

export const DOCUMENT_TYPES: Record<DocumentKind, DocumentType> = {
  pdf: { kind: 'pdf', contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  doc: { kind: 'doc', contentType: 'application/msword', extension: 'doc', label: 'Word 97-2003 (.doc)' },
  xls: { kind: 'xls', contentType: 'application/vnd.ms-excel', extension: 'xls', label: 'Excel 97-2003 (.xls)' },
  docx: { kind: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', label: 'Word (.docx)' },
  xlsx: { kind: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', label: 'Excel (.xlsx)' },
  odt: { kind: 'odt', contentType: 'application/vnd.oasis.opendocument.text', extension: 'odt', label: 'OpenDocument (.odt)' },
  ods: { kind: 'ods', contentType: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods', label: 'OpenDocument (.ods)' },
};

export type RefusalReason = 'empty' | 'html' | 'executable' | 'zip-other' | 'ole2-other' | 'unknown';

export type SniffResult = { ok: true; type: DocumentType } | { ok: false; reason: RefusalReason };

const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);
const ZIP_SIGNATURE = [0x50, 0x4b]; // "PK": every ZIP-based format file-type names, and an empty ZIP
const MAX_ZIP_ENTRIES = 20_000;

export async function sniffDocument(bytes: Uint8Array): Promise<SniffResult> {
  if (bytes.length === 0) return refuse('empty');
  const found = await fileTypeFromBuffer(bytes);
  switch (found?.ext) {
    case 'pdf':
      return ok('pdf');
    case 'docx':
    case 'xlsx':
      return zipEntryNames(bytes) ? ok(found.ext) : refuse('zip-other');
    case 'odt':
    case 'ods':
      return zipEntryNames(bytes) && leadingStoredMimetype(bytes) === DOCUMENT_TYPES[found.ext].contentType ? ok(found.ext) : refuse('zip-other');
    case 'cfb':
      return sniffOle2(bytes);
    case 'exe':
    case 'elf':
    case 'macho':
      return refuse('executable');
    case 'xml':
      return refuse('html'); // SVG and XHTML are XML a browser runs scripts in
  }
  if (startsWith(bytes, ZIP_SIGNATURE) && found) return refuse('zip-other');
  if (startsWith(bytes, [0x23, 0x21])) return refuse('executable'); // "#!": a script
  if (looksLikeMarkup(bytes)) return refuse('html');
  return refuse('unknown');
}

function ok(kind: DocumentKind): SniffResult {
  return { ok: true, type: DOCUMENT_TYPES[kind] };
}

function refuse(reason: RefusalReason): SniffResult {
  return { ok: false, reason };
}

function looksLikeMarkup(b: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return ['<!doctype', '<html', '<script', '<svg', '<?xml', '<body', '<head', '<iframe', '<!--'].some((t) => head.startsWith(t));
}

/** The names of a ZIP's entries (central directory only: nothing is inflated), or null if it is not a whole one. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        // A forged entry count (ZIP64 allows 2^32) would spin here: no report has this many entries.
        if (names.length >= MAX_ZIP_ENTRIES) throw new Error('too many entries');
        names.push(f.name);
        return false; // read the name, never inflate
      },
    });
  } catch {
    return null;
  }
  return names;
}

/** OpenDocument: the first entry is `mimetype`, stored uncompressed, holding the media type. */
function leadingStoredMimetype(b: Uint8Array): string | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 30) return null;
  const method = view.getUint16(8, true);
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const name = new TextDecoder().decode(b.subarray(30, 30 + nameLength));
  const start = 30 + nameLength + extraLength;
  if (name !== 'mimetype' || method !== 0 || size > 200 || start + size > b.length) return null;
  return new TextDecoder().decode(b.subarray(start, start + size));
}

/**
 * OLE2 compound file: a Word document has a `WordDocument` stream, a workbook `Workbook` (or `Book`,
 * Excel 5). Directory entries are 128-byte records aligned on 128 bytes after the 512-byte header;
 * scanning them there avoids following the FAT, and a false match could only name another OLE2 stream.
 */
function sniffOle2(b: Uint8Array): SniffResult {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const found = new Set<string>();
  for (let at = 512; at + 128 <= b.length; at += 128) {
    const nameBytes = view.getUint16(at + 64, true);
    const type = b[at + 66];
    if (type !== 2 || nameBytes < 4 || nameBytes > 64 || nameBytes % 2 !== 0) continue; // 2 = stream
    let name = '';
    for (let i = 0; i < nameBytes - 2; i += 2) name += String.fromCharCode(view.getUint16(at + i, true));
    if (name === 'WordDocument' || name === 'Workbook' || name === 'Book') found.add(name);
  }
  if (found.has('WordDocument')) return ok('doc');
  if (found.has('Workbook') || found.has('Book')) return ok('xls');
  return refuse('ole2-other');
}
