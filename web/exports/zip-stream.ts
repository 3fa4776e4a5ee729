// A ZIP archive written as a stream: each entry is read (a stored file from disk, in chunks) and
// handed on as soon as it is zipped, so an archive of any size holds one chunk in memory at a time
// and the download starts at once. fflate's streaming Zip: a declared dependency, typed, already used
// for the uploads' sniffing. (archiver is in node_modules too, but only as exceljs's dependency, at an
// old major version, without types: importing it would tie this code to exceljs's choice of it.)
// fflate writes no ZIP64, so an archive must stay under the classic format's limits (ZIP32):
// callers check fitsZip32 before the first byte is sent, when a clear page can still be answered.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../../domain/calendar.ts';
import { withoutMarks } from './disposition.ts';

export interface ZipEntry {
  /** Unique and safe (ZipPaths.claim). */
  path: string;
  /** Shown by unzip tools as the Vietnam wall-clock time (ZIP times carry no zone). */
  mtime: Date;
  /** The bytes, or a reader of them (a file on disk); `deflate` for text, not for documents already compressed. */
  data: Uint8Array | (() => AsyncIterable<Uint8Array>);
  deflate: boolean;
}

/** The classic ZIP format's limits: 16-bit entry count, 32-bit sizes and offsets. */
export const ZIP32 = { maxEntries: 0xffff, maxBytes: 0xffff_ffff };

// A local header (30) and its data descriptor (16), a central directory record (46): each with the name.
const ENTRY_OVERHEAD = 30 + 16 + 46;
const END_RECORD = 22;

/** Bytes of an entry of `size` bytes named `path` at most, deflated or not (deflate can grow incompressible data slightly). */
export function entryBound(path: string, size: number): number {
  return ENTRY_OVERHEAD + 2 * Buffer.byteLength(path) + size + Math.ceil(size / 16_000) * 5 + 16;
}

/** True when `entries` entries totalling at most `bytes` (entryBound's sum) fit the classic format. */
export function fitsZip32(entries: number, bytes: number, limits = ZIP32): boolean {
  return entries <= limits.maxEntries && bytes + END_RECORD <= limits.maxBytes;
}

/** The ZIP's bytes, entry after entry; the next entry is read only when the consumer asks for more. */
export async function* zipStream(entries: Iterable<ZipEntry> | AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: unknown = null;
  // fflate calls back synchronously with the deflated or passed-through bytes of each push.
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else if (chunk.length > 0) out.push(chunk);
  });
  const drain = (): Uint8Array | null => {
    if (failure) throw failure;
    if (out.length === 0) return null;
    const joined = out.length === 1 ? out[0]! : Buffer.concat(out);
    out.length = 0;
    return joined;
  };
  for await (const e of entries) {
    const file = e.deflate ? new ZipDeflate(e.path, { level: 6 }) : new ZipPassThrough(e.path);
    file.mtime = vietnamWallClock(e.mtime);
    zip.add(file);
    if (e.data instanceof Uint8Array) {
      file.push(e.data, true);
    } else {
      for await (const chunk of e.data()) {
        file.push(chunk);
        const bytes = drain();
        if (bytes) yield bytes;
      }
      file.push(new Uint8Array(0), true);
    }
    const bytes = drain();
    if (bytes) yield bytes;
  }
  zip.end();
  const rest = drain();
  if (rest) yield rest;
}

/** A Date whose local fields are `d`'s Vietnam time: fflate writes the DOS time from local fields. */
function vietnamWallClock(d: Date): Date {
  const v = DateTime.fromJSDate(d, { zone: VN_ZONE });
  return new Date(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
}

const MAX_SEGMENT = 100;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/**
 * One path segment every unzip tool and file system takes: Vietnamese without its marks, ASCII
 * letters, digits, spaces and `._()-` (anything else `_`), no leading dot (no hidden files, no `..`),
 * no trailing dot or space (Windows drops them), no device name (CON, NUL...), at most 100 characters.
 */
export function safeSegment(s: string): string {
  let seg = withoutMarks(s)
    .replace(/[^A-Za-z0-9 ._()-]+/g, '_')
    .replace(/ {2,}/g, ' ')
    .replace(/^[ ._]+/, '');
  if (seg.length > MAX_SEGMENT) {
    const ext = /\.[A-Za-z0-9]{1,5}$/.exec(seg)?.[0] ?? ''; // a long name keeps its extension
    seg = seg.slice(0, MAX_SEGMENT - ext.length).replace(/[ .]+$/, '') + ext;
  }
  seg = seg.replace(/[ .]+$/, '');
  if (WINDOWS_RESERVED.test(seg)) seg = `_${seg}`;
  return seg || '_';
}

/** The paths of one archive: each made safe segment by segment, never twice (not even in another letter case). */
export class ZipPaths {
  private readonly taken = new Set<string>();

  /** `path` made safe (a name can never climb out of the archive: zip-slip); one already taken gets ` (2)`, ` (3)`… before its extension. */
  claim(path: string): string {
    const segments = path.split(/[/\\]/).filter((seg) => seg !== '' && seg !== '.' && seg !== '..').map(safeSegment);
    const wanted = segments.join('/') || '_';
    let claimed = wanted;
    for (let n = 2; this.taken.has(claimed.toLowerCase()); n++) claimed = wanted.replace(/(\.[A-Za-z0-9]{1,5})?$/, (ext) => ` (${n})${ext}`);
    this.taken.add(claimed.toLowerCase());
    return claimed;
  }
}
