// Content-Disposition for every download, the one helper (the exports, the committee's list, the units'
// files on their own link and on the office's pages): an ASCII `filename` for old clients and the
// UTF-8 name in `filename*` (RFC 6266 with RFC 5987/8187 encoding), so Vietnamese names survive in
// every current browser. `inline` only where the caller decided the browser may show the file itself.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** Vietnamese text to a lowercase ASCII slug: "Báo cáo Đắk Lắk" → "bao-cao-dak-lak". */
export function asciiSlug(s: string): string {
  return withoutMarks(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Vietnamese letters without their marks ("Đợt" → "Dot"); other characters unchanged. */
export function withoutMarks(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** A file name's ASCII fallback: marks dropped, anything else outside printable ASCII (and `"\;%`) as `_`. */
export function asciiFileName(name: string): string {
  return withoutMarks(name).replace(/[^\x20-\x7e]/g, '_').replace(/["\\;%]/g, '_');
}

/** The header for `utf8Name` (already a clean file name); `asciiName` defaults to its fallback. */
export function contentDisposition(kind: 'attachment' | 'inline', utf8Name: string, asciiName = asciiFileName(utf8Name)): string {
  // encodeURIComponent leaves ' ( ) * unescaped; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${asciiFileName(asciiName)}"; filename*=UTF-8''${encoded}`;
}

/** `attachment; filename="<ascii slug>.<ext>"; filename*=UTF-8''<utf8>.<ext>`; the bases are without the extension. */
export function attachment(asciiBase: string, utf8Base: string, ext: string): string {
  // Characters a file name must not carry (path separators, control characters, quotes).
  const clean = utf8Base.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').trim().slice(0, 120) || 'export';
  return contentDisposition('attachment', `${clean}.${ext}`, `${asciiSlug(asciiBase) || 'export'}.${ext}`);
}

/**
 * Answers with `body` as a file to save: `name` as for attachment(), and never kept by the browser or
 * a proxy (the office's data, and it changes).
 */
export function sendDownload(reply: FastifyReply, type: string, name: { ascii: string; utf8: string; ext: string }, body: string | Buffer | Readable) {
  return reply.type(type).header('content-disposition', attachment(name.ascii, name.utf8, name.ext)).header('cache-control', 'no-store').send(body);
}
