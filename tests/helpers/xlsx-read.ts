// Reads back what web/export/xlsx.ts writes, for tests: unzips with fflate, checks every XML part is
// well-formed (balanced tags, known entities only) and returns the sheet's cells by reference.
import { strFromU8, unzipSync } from 'fflate';

export interface ReadCell {
  ref: string;
  type: 'inlineStr' | 'n';
  style?: string;
  value: string;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    if (!(e in ENTITY)) throw new Error(`unknown entity ${m}`);
    return ENTITY[e]!;
  });
}

/** Throws unless `xml` is well-formed as far as tags, attributes and entities go. */
export function assertWellFormed(xml: string, name: string): void {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml)) throw new Error(`${name}: a character XML 1.0 forbids`);
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(tag)) {
    if (m[6]) throw new Error(`${name}: stray "<" at ${m.index}`);
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[5])) throw new Error(`${name}: bare "&" at ${m.index}`);
      continue;
    }
    const [, close, tagName, attrs, self] = m;
    if (attrs && /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(attrs)) throw new Error(`${name}: bare "&" in attribute`);
    if (self) continue;
    if (close) {
      const open = stack.pop();
      if (open !== tagName) throw new Error(`${name}: </${tagName}> closes <${open}>`);
    } else stack.push(tagName!);
  }
  if (stack.length) throw new Error(`${name}: unclosed <${stack.join('>, <')}>`);
}

export function readXlsx(bytes: Uint8Array): { files: Record<string, string>; cells: Map<string, ReadCell>; sheet: string } {
  const zip = unzipSync(bytes);
  const files: Record<string, string> = {};
  for (const [path, data] of Object.entries(zip)) {
    files[path] = strFromU8(data);
    if (path.endsWith('.xml') || path.endsWith('.rels')) assertWellFormed(files[path]!, path);
  }
  const sheet = files['xl/worksheets/sheet1.xml'];
  if (!sheet) throw new Error('no xl/worksheets/sheet1.xml');
  const cells = new Map<string, ReadCell>();
  for (const m of sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>([\s\S]*?)<\/c>/g)) {
    const attrs = m[2]!;
    const type = /t="inlineStr"/.test(attrs) ? 'inlineStr' : 'n';
    const style = /s="(\d+)"/.exec(attrs)?.[1];
    const raw = type === 'inlineStr' ? /<is><t[^>]*>([\s\S]*?)<\/t><\/is>/.exec(m[3]!)?.[1] : /<v>(.*?)<\/v>/.exec(m[3]!)?.[1];
    if (raw === undefined) throw new Error(`cell ${m[1]} has no value: ${m[0]}`);
    if (/<f>/.test(m[3]!)) throw new Error(`cell ${m[1]} has a formula`);
    cells.set(m[1]!, { ref: m[1]!, type, style, value: unescapeXml(raw) });
  }
  return { files, cells, sheet };
}
