// The report forms a plan names (cycles[].forms): what a form file may be and where it is kept. Read
// by `dondoc plan check|load` (cli/plan-forms.ts) and served from the unit's link (web/portal/).
// A form is checked by its content with the same sniffing as a unit's upload (sniff.ts), but only the
// formats a template is published in are accepted: DOCX and XLSX to fill in, PDF to read.
// Forms are stored by SHA-256 like the uploads, in a folder of their own inside the uploads dir: a
// unit that sends the blank form back must not share a blob whose removal (a refused upload) the
// uploads code decides from Submission rows alone.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sniffDocument, type DocumentType } from './sniff.ts';
import { blobPath, commitBlob, discardTemp } from './store.ts';

/** A form file is a template: 10 MB is far above any real one, and keeps a wrong path (a video) out. */
export const FORM_MAX_BYTES = 10 * 1024 * 1024;

const FORM_KINDS = new Set(['pdf', 'docx', 'xlsx']);

export function formsDir(uploadsDir: string): string {
  return path.join(uploadsDir, 'forms');
}

export type FormCheck = { ok: true; type: DocumentType; sha256: string } | { ok: false; message: string };

/** Whether `bytes` may be a report form, by content and size; messages are "Vietnamese / English". */
export async function checkFormBytes(bytes: Uint8Array, maxBytes = FORM_MAX_BYTES): Promise<FormCheck> {
  if (bytes.length > maxBytes) return { ok: false, message: tooBig(bytes.length, maxBytes) };
  const sniffed = await sniffDocument(bytes);
  if (!sniffed.ok || !FORM_KINDS.has(sniffed.type.kind)) {
    const found = sniffed.ok ? ` (${sniffed.type.label})` : '';
    return { ok: false, message: `tệp mẫu không phải DOCX, XLSX hoặc PDF theo nội dung${found} / the form file is not a DOCX, XLSX or PDF by its content${found}` };
  }
  return { ok: true, type: sniffed.type, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export function tooBig(size: number, maxBytes = FORM_MAX_BYTES): string {
  const mb = (n: number) => (n / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  return `tệp mẫu quá lớn (${mb(size)} MB, tối đa ${mb(maxBytes)} MB) / the form file is too large (${mb(size)} MB, at most ${mb(maxBytes)} MB)`;
}

/**
 * Stores a checked form under its SHA-256 (nothing is written when that content is already there).
 * Written to a temporary file first and renamed, so a stored form is always whole.
 */
export async function storeFormBlob(dir: string, bytes: Uint8Array, sha256: string): Promise<{ created: boolean }> {
  const target = blobPath(dir, sha256);
  if (!target) throw new Error(`not a SHA-256: ${sha256}`);
  try {
    await fs.access(target);
    return { created: false };
  } catch {
    // not stored yet
  }
  await fs.mkdir(dir, { recursive: true });
  const tempPath = path.join(dir, `.incoming-form-${sha256}-${process.pid}`);
  try {
    const fh = await fs.open(tempPath, 'w', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    return { created: (await commitBlob(dir, { tempPath, sha256, size: bytes.length })).created };
  } catch (err) {
    await discardTemp(tempPath);
    throw err;
  }
}
