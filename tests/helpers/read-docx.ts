// A DOCX as python-docx reads it (pinned, installed by scripts/lib.sh ensure_python_docx, found through
// DONDOC_PYTHON_DOCX_PATH): a reader independent of the `docx` package that writes the office's
// documents. Without DONDOC_PYTHON_DOCX_PATH the test fails, never skips.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const READ = String.raw`
import json, sys, docx
d = docx.Document(sys.argv[1])
def cells(t):
    return [[c.text for c in r.cells] for r in t.rows]
body = []
for block in d.element.body.iterchildren():
    tag = block.tag.split('}')[1]
    if tag == 'p':
        body.append({'p': docx.text.paragraph.Paragraph(block, d).text})
    elif tag == 'tbl':
        body.append({'table': cells(docx.table.Table(block, d))})
links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith('/hyperlink')]
s = d.sections[0]
# The document's default run (w:docDefaults), what every run without its own font or size uses.
ns = {'w': 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'}
W = '{%s}' % ns['w']
rpr = d.styles.element.find('w:docDefaults/w:rPrDefault/w:rPr', ns)
fonts = rpr.find('w:rFonts', ns) if rpr is not None else None
sz = rpr.find('w:sz', ns) if rpr is not None else None
print(json.dumps({'body': body, 'links': links, 'page': [s.page_width.mm, s.page_height.mm], 'margins': [s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm], 'font': fonts.get(W + 'ascii') if fonts is not None else None, 'size': int(sz.get(W + 'val')) / 2 if sz is not None else None}, ensure_ascii=False))
`;

export interface DocxView {
  /** Paragraphs and tables in order: {p: text} or {table: rows of cell texts}. */
  body: ({ p: string } | { table: string[][] })[];
  links: string[];
  page: [number, number];
  margins: [number, number, number, number];
  font: string | null;
  size: number | null;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxView & { text: string }> {
  const pythonPath = process.env.DONDOC_PYTHON_DOCX_PATH;
  if (!pythonPath) throw new Error('DONDOC_PYTHON_DOCX_PATH is not set: run the tests through scripts/test.sh, or `source scripts/lib.sh && ensure_python_docx` first.');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-docx-'));
  try {
    const file = path.join(dir, 'doc.docx');
    await fs.writeFile(file, bytes);
    const { stdout } = await promisify(execFile)('python3', ['-c', READ, file], { env: { ...process.env, PYTHONPATH: pythonPath, PYTHONIOENCODING: 'utf-8' }, maxBuffer: 16 * 1024 * 1024 });
    const view = JSON.parse(stdout) as DocxView;
    const text = view.body.map((b) => ('p' in b ? b.p : b.table.map((r) => r.join(' | ')).join('\n'))).join('\n');
    return { ...view, text };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The tables of the document, each as its rows. */
export function tables(view: DocxView): string[][][] {
  return view.body.flatMap((b) => ('table' in b ? [b.table] : []));
}
