// What an uploaded report file really is, read from its bytes: never from its name or the browser's
// content type, which the sender chooses. Only document formats a unit reports in are accepted; the
// rest (HTML, executables, other archives) is refused with a reason the page can explain. Pure.
//
// ZIP-based formats are told apart by their entry names, read from the central directory without
// inflating anything, so a zip bomb costs nothing. OLE2 (old .doc/.xls) by its directory entries.
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

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const MAX_ZIP_ENTRIES = 20_000;

export function sniffDocument(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (startsWith(bytes, PDF)) return ok('pdf');
  if (startsWith(bytes, OLE2)) return sniffOle2(bytes);
  if (startsWith(bytes, ZIP_LOCAL)) return sniffZip(bytes);
  if (startsWith(bytes, ZIP_EMPTY)) return { ok: false, reason: 'zip-other' };
  if (isExecutable(bytes)) return { ok: false, reason: 'executable' };
  if (looksLikeMarkup(bytes)) return { ok: false, reason: 'html' };
  return { ok: false, reason: 'unknown' };
}

function ok(kind: DocumentKind): SniffResult {
  return { ok: true, type: DOCUMENT_TYPES[kind] };
}

function isExecutable(b: Uint8Array): boolean {
  return (
    startsWith(b, ascii('MZ')) || // Windows PE / DOS
    startsWith(b, [0x7f, 0x45, 0x4c, 0x46]) || // ELF
    startsWith(b, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xce, 0xfa, 0xed, 0xfe]) || startsWith(b, [0xca, 0xfe, 0xba, 0xbe]) || // Mach-O
    startsWith(b, ascii('#!'))
  );
}

function looksLikeMarkup(b: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 1024)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return ['<!doctype', '<html', '<script', '<svg', '<?xml', '<body', '<head', '<iframe', '<!--'].some((t) => head.startsWith(t));
}

/** The names of a ZIP's entries (central directory only: nothing is inflated), or null if it is not one. */
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
function openDocumentMimetype(b: Uint8Array): string | null {
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

function sniffZip(bytes: Uint8Array): SniffResult {
  const names = zipEntryNames(bytes);
  if (!names) return { ok: false, reason: 'zip-other' };
  const has = (n: string) => names.includes(n);
  if (has('[Content_Types].xml') && has('word/document.xml')) return ok('docx');
  if (has('[Content_Types].xml') && has('xl/workbook.xml')) return ok('xlsx');
  if (has('mimetype') && has('content.xml')) {
    const mime = openDocumentMimetype(bytes);
    if (mime === DOCUMENT_TYPES.odt.contentType) return ok('odt');
    if (mime === DOCUMENT_TYPES.ods.contentType) return ok('ods');
  }
  return { ok: false, reason: 'zip-other' };
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
  return { ok: false, reason: 'ole2-other' };
}
