// Uploads in tests: a throw-away uploads dir, multipart bodies built by hand (as a browser sends them),
// and small but genuine-looking documents of each accepted type (plus hostile ones) made in code.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';

/** For apps whose tests upload nothing: a directory that is never created. */
export const NO_UPLOADS = { uploadsDir: path.join(os.tmpdir(), 'dondoc-no-uploads-in-this-test'), uploadMaxBytes: 1024 * 1024 };

export async function tempUploadsDir(): Promise<{ dir: string; root: string; close(): Promise<void> }> {
  // The uploads dir sits inside a root of its own, so a test can check nothing was written beside it.
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-uploads-'));
  const dir = path.join(root, 'uploads');
  return { dir, root, close: () => fs.rm(root, { recursive: true, force: true }) };
}

/** Every file under `dir`, as paths relative to it (empty when the dir does not exist). */
export async function filesUnder(dir: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
  } catch {
    return [];
  }
}

export type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer | Uint8Array; contentType?: string };

export function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----dondoctest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if ('value' in p) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      // The filename goes in raw (as a hostile client would send it), only quotes escaped.
      const filename = p.filename.replace(/"/g, '%22');
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${filename}"\r\nContent-Type: ${p.contentType ?? 'application/octet-stream'}\r\n\r\n`));
      chunks.push(Buffer.from(p.content), Buffer.from('\r\n'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An OOXML package's [Content_Types].xml naming its main part, as Word and Excel write it. */
export const contentTypes = (part: string, main: string) =>
  strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="${part}" ContentType="${main}.main+xml"/></Types>`);

export const samples = {
  pdf: (text = 'Báo cáo') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`),
  docx: () => zipSync({ '[Content_Types].xml': contentTypes('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 'word/document.xml': strToU8('<w:document/>'), '_rels/.rels': strToU8('<Relationships/>') }),
  xlsx: () => zipSync({ '[Content_Types].xml': contentTypes('/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'xl/workbook.xml': strToU8('<workbook/>') }),
  odt: (mime = 'application/vnd.oasis.opendocument.text') => zipSync({ mimetype: [strToU8(mime), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }),
  ole2: (stream: string) => {
    const b = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
    b.writeUInt16LE(9, 30); // 512-byte sectors
    const entry = 512 + 128; // the second directory entry (the first is the root)
    Buffer.from('Root Entry\0', 'utf16le').copy(b, 512);
    b.writeUInt16LE(22, 512 + 64);
    b[512 + 66] = 5;
    Buffer.from(`${stream}\0`, 'utf16le').copy(b, entry);
    b.writeUInt16LE((stream.length + 1) * 2, entry + 64);
    b[entry + 66] = 2;
    return b;
  },
  html: () => Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>'),
  exe: () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
  zip: () => zipSync({ 'notes.txt': strToU8('không phải báo cáo'), 'evil.exe': new Uint8Array([0x4d, 0x5a]) }),
  /** A highly compressible entry: inflated it would be 50 MB. */
  zipBomb: () => zipSync({ 'word/document.xml.bak': new Uint8Array(50 * 1024 * 1024) }, { level: 9 }),
};
