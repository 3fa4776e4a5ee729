// Uploading the report file through the personal link, against a real database and uploads dir:
// accepted types stored once by content, hostile files and names refused or neutralised, oversize
// and forged posts storing nothing, and each unit seeing only its own receipts and files.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FILE_FIELD } from '../../../web/portal/multipart-form.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';
import { filesUnder, samples } from '../../helpers/uploads.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MAX = 64 * 1024;

describe('report file upload', () => {
  let p: Portal;
  let noiVu: string;
  let yTe: string;

  beforeAll(async () => {
    p = await startPortal({ maxBytes: MAX });
    noiVu = await p.token(OBLIGATION.noiVu);
    yTe = await p.token(OBLIGATION.yTe);
  });
  afterAll(() => p.close());
  beforeEach(async () => {
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
    await fs.rm(p.uploadsDir, { recursive: true, force: true });
  });

  const upload = (token: string, filename: string, content: Uint8Array, extra: { name: string; value: string }[] = [], contentType?: string) =>
    p.postMultipart(`/r/${token}`, [{ name: 'submissionId', value: randomUUID() }, ...extra, { name: FILE_FIELD, filename, content, contentType }]);

  /** Nothing stored: no submission row, and no file at all (blob or temporary) anywhere in the test root. */
  async function assertNothingStored() {
    expect(await p.db.prisma.submission.count()).toBe(0);
    expect(await filesUnder(p.uploadsRoot)).toStrictEqual([]);
  }

  it('stores a PDF with a comment under its SHA-256 and shows it on the receipt and the page', async () => {
    const pdf = samples.pdf('năm 2026');
    const res = await upload(noiVu, 'Báo cáo năm 2026.pdf', pdf, [{ name: 'comment', value: 'Kèm báo cáo' }]);
    // on failure, look at: res.body
    expect(res.statusCode).toBe(303);
    const s = await p.db.prisma.submission.findFirstOrThrow({ where: { obligationId: OBLIGATION.noiVu } });
    expect(s.fileSha256).toBe(sha(pdf));
    // the receipt's checksum is the file's
    expect(s.checksum).toBe(sha(pdf));
    expect(s.fileName).toBe('Báo cáo năm 2026.pdf');
    expect(s.fileSize).toBe(pdf.length);
    expect(s.fileType).toBe('application/pdf');
    expect(s.comment).toBe('Kèm báo cáo');
    const h = sha(pdf);
    expect(await filesUnder(p.uploadsDir)).toStrictEqual([path.join(h.slice(0, 2), h.slice(2))]);
    expect(await fs.readFile(path.join(p.uploadsDir, h.slice(0, 2), h.slice(2)))).toStrictEqual(pdf);
    expect((await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } })).status).toBe('submitted_on_time');
    expect(p.delivered.some(([id, d]) => id === OBLIGATION.noiVu && d.submissionId === s.id)).toBeTruthy();

    const receipt = await p.app.inject(res.headers.location as string);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toMatch(/Báo cáo năm 2026\.pdf/);
    expect(receipt.body).toMatch(new RegExp(`${pdf.length} byte`));
    expect(receipt.body).toMatch(new RegExp(h));
    const pageRes = await p.app.inject(`/r/${noiVu}`);
    expect(pageRes.body).toMatch(new RegExp(`href="/r/${noiVu}/files/${h}"`));
  });

  it('downloads the unit\'s own file as an attachment with the sniffed type and nosniff', async () => {
    const pdf = samples.pdf();
    await upload(noiVu, 'report.exe', pdf, [], 'application/x-msdownload'); // a PDF under a misleading name
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    expect(s.fileName).toBe('report.pdf');
    const res = await p.app.inject(`/r/${noiVu}/files/${sha(pdf)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="report\.pdf"/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload).toStrictEqual(pdf);
  });

  for (const [name, filename, content, contentType] of [
    ['a DOCX', 'bc.docx', samples.docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['an XLSX', 'so-lieu.xlsx', samples.xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['an ODT', 'bc.odt', samples.odt(), 'application/vnd.oasis.opendocument.text'],
    ['a DOC', 'bc.doc', samples.ole2('WordDocument'), 'application/msword'],
    ['an XLS', 'bc.xls', samples.ole2('Workbook'), 'application/vnd.ms-excel'],
  ] as const) {
    it(`accepts ${name}`, async () => {
      const res = await upload(noiVu, filename, content);
      // on failure, look at: res.body
      expect(res.statusCode).toBe(303);
      const s = await p.db.prisma.submission.findFirstOrThrow({});
      expect(s.fileType).toBe(contentType);
      expect(s.fileName).toBe(filename);
    });
  }

  for (const [name, filename, content, message] of [
    ['an HTML file named report.pdf', 'report.pdf', samples.html(), /trang web \(HTML\)/],
    ['an EXE', 'setup.exe', samples.exe(), /chương trình/],
    ['a ZIP that is not DOCX, XLSX or ODT', 'bao-cao.docx', samples.zip(), /ZIP/],
    ['an empty file', 'bao-cao.pdf', Buffer.alloc(0), /Tệp rỗng/],
  ] as const) {
    it(`refuses ${name} with a clear page and stores nothing`, async () => {
      const res = await upload(noiVu, filename, content, [{ name: 'comment', value: 'giữ lại' }], 'application/pdf');
      expect(res.statusCode).toBe(415);
      expect(res.body).toMatch(message);
      expect(res.body).toMatch(/Chưa có gì được lưu/);
      // the comment entered is kept in the form
      expect(res.body).toMatch(/giữ lại<\/textarea>/);
      await assertNothingStored();
    });
  }

  it('a hostile filename is display text only: the blob is under the uploads dir, nothing elsewhere', async () => {
    const pdf = samples.pdf('hostile');
    for (const filename of ['../../etc/passwd.pdf', '..\\..\\boot.ini.pdf', 'a\u0000b\u0001c\u001b[31m.pdf', '/tmp/absolute.pdf']) {
      const res = await upload(noiVu, filename, pdf);
      // on failure, look at: filename
      expect(res.statusCode).toBe(303);
    }
    const names = (await p.db.prisma.submission.findMany({ orderBy: { receivedAt: 'asc' } })).map((s) => s.fileName);
    expect(names.sort()).toStrictEqual(['absolute.pdf', 'abc[31m.pdf', 'boot.ini.pdf', 'passwd.pdf'].sort());
    for (const n of names) expect(n!).not.toMatch(/[\\/\u0000-\u001f]/);
    const h = sha(pdf);
    // One blob (same content four times), under the uploads dir, and nothing else in the test root.
    expect(await filesUnder(p.uploadsRoot)).toStrictEqual([path.join('uploads', h.slice(0, 2), h.slice(2))]);
    // no file where the name pointed
    await expect(fs.access(path.resolve(p.uploadsDir, '../../etc/passwd.pdf'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fs.access('/tmp/absolute.pdf')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('an oversize file gets a clear 413 page and leaves no row, no blob and no temporary file', async () => {
    const big = Buffer.concat([samples.pdf(), Buffer.alloc(MAX, 0x20)]);
    const res = await upload(noiVu, 'lon.pdf', big, [{ name: 'comment', value: 'x' }]);
    expect(res.statusCode).toBe(413);
    expect(res.body).toMatch(/Tệp quá lớn: tối đa/);
    expect(res.body).toMatch(/too large/);
    await assertNothingStored();
  });

  it('a body declared far beyond the limit is refused before it is read', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: `/r/${noiVu}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(50 * 1024 * 1024) },
      cookies: { dondoc_csrf: 'c'.repeat(43) },
      payload: '--x--\r\n',
    });
    expect(res.statusCode).toBe(413);
    expect(res.body).toMatch(/Tệp quá lớn/);
    await assertNothingStored();
  });

  it('a multipart form without the CSRF token, with a wrong one, or with it after the file is refused with 403 and stores nothing', async () => {
    const pdf = samples.pdf();
    const file = { name: FILE_FIELD, filename: 'a.pdf', content: pdf };
    const id = { name: 'submissionId', value: randomUUID() };
    const attempts = [
      await p.postMultipart(`/r/${noiVu}`, [id, file], { csrfField: false }),
      await p.postMultipart(`/r/${noiVu}`, [id, file], { csrfCookie: false }),
      await p.postMultipart(`/r/${noiVu}`, [{ name: '_csrf', value: 'd'.repeat(43) }, id, file], { csrfField: false }),
      await p.postMultipart(`/r/${noiVu}`, [file, { name: '_csrf', value: p.unitCsrf }, id], { csrfField: false }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.body).toMatch(/chưa có gì được lưu/);
    }
    await assertNothingStored();
  });

  it('a double-posted upload (same submissionId) stores one submission and one blob', async () => {
    const pdf = samples.pdf('twice');
    const id = randomUUID();
    const parts = [{ name: 'submissionId', value: id }, { name: FILE_FIELD, filename: 'a.pdf', content: pdf }];
    const first = await p.postMultipart(`/r/${noiVu}`, parts);
    const second = await p.postMultipart(`/r/${noiVu}`, parts);
    expect(first.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await p.db.prisma.submission.count()).toBe(1);
    expect((await filesUnder(p.uploadsDir)).length).toBe(1);
  });

  it('a resubmission keeps the earlier versions; the same content twice is one blob', async () => {
    const a = samples.pdf('v1');
    await upload(noiVu, 'v1.pdf', a);
    await upload(noiVu, 'v1-again.pdf', a);
    await upload(noiVu, 'v2.docx', samples.docx());
    expect(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } })).toBe(3);
    expect((await filesUnder(p.uploadsDir)).length).toBe(2);
    const body = (await p.app.inject(`/r/${noiVu}`)).body;
    for (const n of ['v1.pdf', 'v1-again.pdf', 'v2.docx']) expect(body).toMatch(new RegExp(n.replace('.', '\\.')));
    expect(body.match(/<tr data-submission=/g)?.length).toBe(3);
  });

  it('another unit\'s link cannot open this unit\'s receipt or file', async () => {
    const pdf = samples.pdf('nội vụ');
    const res = await upload(noiVu, 'noi-vu.pdf', pdf);
    const id = (res.headers.location as string).split('/').pop();
    expect((await p.app.inject(`/r/${yTe}/receipt/${id}`)).statusCode).toBe(404);
    const other = await p.app.inject(`/r/${yTe}/files/${sha(pdf)}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toMatch(/%PDF/);
    // Still refused once that unit has files of its own, and for a forged or non-hash name.
    await upload(yTe, 'y-te.pdf', samples.pdf('y tế'));
    expect((await p.app.inject(`/r/${yTe}/files/${sha(pdf)}`)).statusCode).toBe(404);
    expect((await p.app.inject(`/r/${noiVu}/files/..%2F..%2Fetc%2Fpasswd`)).statusCode).toBe(404);
    expect((await p.app.inject(`/r/${noiVu}/files/${sha(pdf)}`)).statusCode).toBe(200);
  });

  it('two files in one form are refused and nothing is stored', async () => {
    const res = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: randomUUID() },
      { name: FILE_FIELD, filename: 'a.pdf', content: samples.pdf('a') },
      { name: FILE_FIELD, filename: 'b.pdf', content: samples.pdf('b') },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/một tệp/);
    await assertNothingStored();
  });

  it('the multipart form without a file stores a text report whose checksum is the text\'s', async () => {
    const res = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: randomUUID() },
      { name: 'comment', value: 'Báo cáo bằng văn bản' },
      { name: FILE_FIELD, filename: '', content: Buffer.alloc(0) }, // an empty file input, as browsers send it
    ]);
    // on failure, look at: res.body
    expect(res.statusCode).toBe(303);
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    expect(s.fileSha256).toBe(null);
    expect(s.checksum).toBe(sha(Buffer.from('Báo cáo bằng văn bản')));
    const empty = await p.postMultipart(`/r/${noiVu}`, [{ name: 'submissionId', value: randomUUID() }, { name: FILE_FIELD, filename: '', content: Buffer.alloc(0) }]);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Vui lòng nhập nội dung báo cáo hoặc đính kèm tệp/);
    expect(await filesUnder(p.uploadsRoot)).toStrictEqual([]);
  });
});
