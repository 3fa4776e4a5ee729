// Content-Disposition for downloads: an ASCII `filename` for old clients and the UTF-8 name in
// RFC 5987's `filename*` (Vietnamese names survive in every current browser).
import type { FastifyReply } from 'fastify';

/** Vietnamese text to a lowercase ASCII slug: "Báo cáo Đắk Lắk" → "bao-cao-dak-lak". */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** `attachment; filename="<ascii>"; filename*=UTF-8''<utf8>`; `base` is without the extension. */
export function attachment(asciiBase: string, utf8Base: string, ext: string): string {
  const ascii = `${asciiSlug(asciiBase) || 'export'}.${ext}`;
  // Characters a file name must not carry (path separators, control characters, quotes).
  const clean = utf8Base.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').trim().slice(0, 120) || 'export';
  const encoded = encodeURIComponent(`${clean}.${ext}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Answers with `body` as a file to save: `name` as for attachment(), and never kept by the browser or
 * a proxy (the office's data, and it changes).
 */
export function sendDownload(reply: FastifyReply, type: string, name: { ascii: string; utf8: string; ext: string }, body: string | Buffer) {
  return reply.type(type).header('content-disposition', attachment(name.ascii, name.utf8, name.ext)).header('cache-control', 'no-store').send(body);
}
