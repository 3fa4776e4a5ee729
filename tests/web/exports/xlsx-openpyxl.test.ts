// The cycle's XLSX download opened by a reader that shares no code with the writer: Python's openpyxl
// (pinned, installed by scripts/lib.sh ensure_openpyxl, found through DONDOC_PYTHONPATH). It must find
// the sheet, the bold frozen header, the units' Vietnamese names, numbers as numbers and a
// formula-looking name as plain text. Without DONDOC_PYTHONPATH the test fails: it is never skipped.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { NOW, PLAN, reportHistory } from '../../helpers/report-history.ts';
import { signedInGet } from '../../helpers/auth.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';

// Loads the workbook named by argv[1] and prints, as JSON, each row's cells as [value, data_type]
// (openpyxl's types: "s" text, "n" number, "f" formula), with the sheet's name, frozen pane and the
// header's bold flags.
const READ_WITH_OPENPYXL = `
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(json.dumps({
    "version": openpyxl.__version__,
    "sheets": wb.sheetnames,
    "freeze": ws.freeze_panes,
    "bold": [c.font.b for c in ws[1]],
    "rows": [[[c.value, c.data_type] for c in row] for row in ws.iter_rows()],
}, ensure_ascii=False))
`;

interface OpenpyxlView {
  version: string;
  sheets: string[];
  freeze: string | null;
  bold: boolean[];
  rows: [string | number | null, string][][];
}

async function readWithOpenpyxl(file: string): Promise<OpenpyxlView> {
  const pythonPath = process.env.DONDOC_PYTHONPATH;
  if (!pythonPath) {
    throw new Error('DONDOC_PYTHONPATH is not set: run the tests through scripts/test.sh, or `source scripts/lib.sh && ensure_openpyxl` first (it installs openpyxl under .tools/python).');
  }
  const { stdout } = await promisify(execFile)('python3', ['-c', READ_WITH_OPENPYXL, file], {
    env: { ...process.env, PYTHONPATH: pythonPath, PYTHONIOENCODING: 'utf-8' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as OpenpyxlView;
}

describe('cycle XLSX read by openpyxl', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    fixture = await reportHistory();
    // A name a spreadsheet would run if it were written as a formula.
    await fixture.db.prisma.unit.updateMany({ where: { code: 'so-tai-chinh' }, data: { name: '=cmd|"/C calc"!A0' } });
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-openpyxl-'));
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds the header, the units in Vietnamese, numbers as numbers and the hostile name as text', async () => {
    const get = await signedInGet(app, fixture.db.prisma, 'office', NOW);
    const res = await get(`/cycles/${PLAN}/2026-annual/export.xlsx`);
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, 'bao-cao-2026-annual.xlsx');
    await fs.writeFile(file, res.rawPayload);

    const book = await readWithOpenpyxl(file);
    expect(book.version).toBe('3.1.5');
    expect(book.sheets).toStrictEqual(['2026-annual']);
    expect(book.freeze).toBe('A2');
    expect(book.bold).toStrictEqual(Array(10).fill(true));
    const values = book.rows.map((row) => row.map(([value]) => value));
    expect(values[0]).toStrictEqual(['STT', 'Mã đơn vị', 'Tên đơn vị', 'Loại đơn vị', 'Tình trạng', 'Hạn nộp', 'Thời điểm nộp', 'Số lần đã nhắc', 'Số ngày quá hạn', 'Đầu mối liên hệ']);
    // six units, sorted by name in Vietnamese order ("=cmd…" first)
    expect(values.length).toBe(7);
    expect(values.slice(1).map((row) => row[2])).toStrictEqual(['=cmd|"/C calc"!A0', 'Ban Dân tộc', 'Hội Nông dân tỉnh', 'Sở Nội vụ', 'Sở Y tế', 'UBND huyện Cao Lộc']);
    expect(values[6]).toStrictEqual([6, 'ubnd-cao-loc', 'UBND huyện Cao Lộc', 'Huyện, thành phố', 'Quá hạn', '04/12/2026', null, 2, 6, 'Anh Dũng <dung@caoloc.test.dondoc.invalid>']);
    expect(values[4]!.slice(4, 9)).toStrictEqual(['Nộp đúng hạn', '04/12/2026', '25/11/2026 10:00', 0, 0]);
    // STT, reminders and days overdue are numbers in every row; the hostile name is text, not a formula
    for (const row of book.rows.slice(1)) {
      expect([row[0]![1], row[7]![1], row[8]![1]]).toStrictEqual(['n', 'n', 'n']);
    }
    expect(book.rows[1]![2]).toStrictEqual(['=cmd|"/C calc"!A0', 's']);
  });
});
