// A ZIP archive assembled in memory from (pathInZip, bytes) entries, with a cap on the total size.
// Today it holds the submissions' text; uploaded files (stored under their content hash) will be added
// the same way, `add('<unit>/<name>', bytes)`, and callers that know a file's size from the database
// can ask `fits(size)` before reading it from disk. The whole archive lives in memory until it is sent,
// so the cap (config DONDOC_EXPORT_ZIP_MAX_MB, 500 MB by default) is what keeps one download from
// exhausting the server; past it the route answers 413 with a clear message instead of trying.
import { zipSync, type Zippable } from 'fflate';

export class ZipTooLargeError extends Error {
  override name = 'ZipTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the archive would exceed ${maxBytes} bytes`);
  }
}

/** One path segment made safe for every unzip tool: ASCII letters, digits, `.`, `_`, `-`; no `..`. */
export function safeSegment(s: string): string {
  const ascii = s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '') // no hidden files, no "." or ".."
    .slice(0, 100);
  return ascii || '_';
}

export class ZipBuilder {
  private readonly files = new Map<string, Uint8Array>();
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** True when `size` more bytes still fit under the cap. */
  fits(size: number): boolean {
    return this.total + size <= this.maxBytes;
  }

  /**
   * Adds a file. Each segment of `pathInZip` is sanitized, so a name can never climb out of the
   * archive's folder (zip-slip); a path already taken gets `_2`, `_3`… before its extension.
   * Returns the path actually used.
   */
  add(pathInZip: string, bytes: Uint8Array): string {
    if (!this.fits(bytes.byteLength)) throw new ZipTooLargeError(this.maxBytes);
    const segments = pathInZip.split(/[/\\]/).filter((seg) => seg !== '' && seg !== '.' && seg !== '..').map(safeSegment);
    const wanted = segments.join('/') || '_';
    let path = wanted;
    for (let n = 2; this.files.has(path); n++) path = wanted.replace(/(\.[A-Za-z0-9]+)?$/, (ext) => `_${n}${ext}`);
    this.files.set(path, bytes);
    this.total += bytes.byteLength;
    return path;
  }

  get size(): number {
    return this.total;
  }

  build(): Uint8Array {
    const entries: Zippable = Object.create(null);
    for (const [path, bytes] of this.files) entries[path] = bytes;
    return zipSync(entries, { level: 6 });
  }
}
