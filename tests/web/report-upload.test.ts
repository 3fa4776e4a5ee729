// Uploading the report file through the personal link, against a real database and uploads dir:
// accepted types stored once by content, hostile files and names refused or neutralised, oversize
// and forged posts storing nothing, and each unit seeing only its own receipts and files.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FILE_FIELD } from '../../web/report/multipart-form.ts';
import { OBLIGATION, startPortal, type Portal } from '../helpers/portal.ts';
import { filesUnder, samples } from '../helpers/uploads.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const MAX = 64 * 1024;

describe('report file upload', () => {
  let p: Portal;
  let noiVu: string;
  let yTe: string;

  before(async () => {
    p = await startPortal({ maxBytes: MAX });
    noiVu = await p.token(OBLIGATION.noiVu);
    yTe = await p.token(OBLIGATION.yTe);
  });
  after(() => p.close());
  beforeEach(async () => {
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
    await fs.rm(p.uploadsDir, { recursive: true, force: true });
  });

  const upload = (token: string, filename: string, content: Uint8Array, extra: { name: string; value: string }[] = [], contentType?: string) =>
    p.postMultipart(`/r/${token}`, [{ name: 'submissionId', value: randomUUID() }, ...extra, { name: FILE_FIELD, filename, content, contentType }]);

  /** Nothing stored: no submission row, and no file at all (blob or temporary) anywhere in the test root. */
  async function assertNothingStored() {
    assert.equal(await p.db.prisma.submission.count(), 0);
    assert.deepEqual(await filesUnder(p.uploadsRoot), []);
  }

  it('stores a PDF with a comment under its SHA-256 and shows it on the receipt and the page', async () => {
    const pdf = samples.pdf('năm 2026');
    const res = await upload(noiVu, 'Báo cáo năm 2026.pdf', pdf, [{ name: 'comment', value: 'Kèm báo cáo' }]);
    assert.equal(res.statusCode, 303, res.body);
    const s = await p.db.prisma.submission.findFirstOrThrow({ where: { obligationId: OBLIGATION.noiVu } });
    assert.equal(s.fileSha256, sha(pdf));
    assert.equal(s.checksum, sha(pdf), 'the receipt\'s checksum is the file\'s');
    assert.equal(s.fileName, 'Báo cáo năm 2026.pdf');
    assert.equal(s.fileSize, pdf.length);
    assert.equal(s.fileType, 'application/pdf');
    assert.equal(s.comment, 'Kèm báo cáo');
    const h = sha(pdf);
    assert.deepEqual(await filesUnder(p.uploadsDir), [path.join(h.slice(0, 2), h.slice(2))]);
    assert.deepEqual(await fs.readFile(path.join(p.uploadsDir, h.slice(0, 2), h.slice(2))), pdf);
    assert.equal((await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } })).status, 'submitted_on_time');
    assert.ok(p.delivered.some(([id, d]) => id === OBLIGATION.noiVu && d.submissionId === s.id));

    const receipt = await p.app.inject(res.headers.location as string);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Báo cáo năm 2026\.pdf/);
    assert.match(receipt.body, new RegExp(`${pdf.length} byte`));
    assert.match(receipt.body, new RegExp(h));
    const pageRes = await p.app.inject(`/r/${noiVu}`);
    assert.match(pageRes.body, new RegExp(`href="/r/${noiVu}/files/${h}"`));
  });

  it('downloads the unit\'s own file as an attachment with the sniffed type and nosniff', async () => {
    const pdf = samples.pdf();
    await upload(noiVu, 'report.exe', pdf, [], 'application/x-msdownload'); // a PDF under a misleading name
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    assert.equal(s.fileName, 'report.pdf');
    const res = await p.app.inject(`/r/${noiVu}/files/${sha(pdf)}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="report\.pdf"/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(res.rawPayload, pdf);
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
      assert.equal(res.statusCode, 303, res.body);
      const s = await p.db.prisma.submission.findFirstOrThrow({});
      assert.equal(s.fileType, contentType);
      assert.equal(s.fileName, filename);
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
      assert.equal(res.statusCode, 415);
      assert.match(res.body, message);
      assert.match(res.body, /Chưa có gì được lưu/);
      assert.match(res.body, /giữ lại<\/textarea>/, 'the comment entered is kept in the form');
      await assertNothingStored();
    });
  }

  it('a hostile filename is display text only: the blob is under the uploads dir, nothing elsewhere', async () => {
    const pdf = samples.pdf('hostile');
    for (const filename of ['../../etc/passwd.pdf', '..\\..\\boot.ini.pdf', 'a\u0000b\u0001c\u001b[31m.pdf', '/tmp/absolute.pdf']) {
      const res = await upload(noiVu, filename, pdf);
      assert.equal(res.statusCode, 303, filename);
    }
    const names = (await p.db.prisma.submission.findMany({ orderBy: { receivedAt: 'asc' } })).map((s) => s.fileName);
    assert.deepEqual(names.sort(), ['absolute.pdf', 'abc[31m.pdf', 'boot.ini.pdf', 'passwd.pdf'].sort());
    for (const n of names) assert.doesNotMatch(n!, /[\\/\u0000-\u001f]/);
    const h = sha(pdf);
    // One blob (same content four times), under the uploads dir, and nothing else in the test root.
    assert.deepEqual(await filesUnder(p.uploadsRoot), [path.join('uploads', h.slice(0, 2), h.slice(2))]);
    await assert.rejects(fs.access(path.resolve(p.uploadsDir, '../../etc/passwd.pdf')), 'no file where the name pointed');
    await assert.rejects(fs.access('/tmp/absolute.pdf'));
  });

  it('an oversize file gets a clear 413 page and leaves no row, no blob and no temporary file', async () => {
    const big = Buffer.concat([samples.pdf(), Buffer.alloc(MAX, 0x20)]);
    const res = await upload(noiVu, 'lon.pdf', big, [{ name: 'comment', value: 'x' }]);
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /Tệp quá lớn: tối đa/);
    assert.match(res.body, /too large/);
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
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /Tệp quá lớn/);
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
      await p.postMultipart(`/r/${noiVu}`, [file, { name: '_csrf', value: 'c'.repeat(43) }, id], { csrfField: false }),
    ];
    for (const res of attempts) {
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /chưa có gì được lưu/);
    }
    await assertNothingStored();
  });

  it('a double-posted upload (same submissionId) stores one submission and one blob', async () => {
    const pdf = samples.pdf('twice');
    const id = randomUUID();
    const parts = [{ name: 'submissionId', value: id }, { name: FILE_FIELD, filename: 'a.pdf', content: pdf }];
    const first = await p.postMultipart(`/r/${noiVu}`, parts);
    const second = await p.postMultipart(`/r/${noiVu}`, parts);
    assert.equal(first.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(await p.db.prisma.submission.count(), 1);
    assert.equal((await filesUnder(p.uploadsDir)).length, 1);
  });

  it('a resubmission keeps the earlier versions; the same content twice is one blob', async () => {
    const a = samples.pdf('v1');
    await upload(noiVu, 'v1.pdf', a);
    await upload(noiVu, 'v1-again.pdf', a);
    await upload(noiVu, 'v2.docx', samples.docx());
    assert.equal(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } }), 3);
    assert.equal((await filesUnder(p.uploadsDir)).length, 2);
    const body = (await p.app.inject(`/r/${noiVu}`)).body;
    for (const n of ['v1.pdf', 'v1-again.pdf', 'v2.docx']) assert.match(body, new RegExp(n.replace('.', '\\.')));
    assert.equal(body.match(/<tr data-submission=/g)?.length, 3);
  });

  it('another unit\'s link cannot open this unit\'s receipt or file', async () => {
    const pdf = samples.pdf('nội vụ');
    const res = await upload(noiVu, 'noi-vu.pdf', pdf);
    const id = (res.headers.location as string).split('/').pop();
    assert.equal((await p.app.inject(`/r/${yTe}/receipt/${id}`)).statusCode, 404);
    const other = await p.app.inject(`/r/${yTe}/files/${sha(pdf)}`);
    assert.equal(other.statusCode, 404);
    assert.doesNotMatch(other.body, /%PDF/);
    // Still refused once that unit has files of its own, and for a forged or non-hash name.
    await upload(yTe, 'y-te.pdf', samples.pdf('y tế'));
    assert.equal((await p.app.inject(`/r/${yTe}/files/${sha(pdf)}`)).statusCode, 404);
    assert.equal((await p.app.inject(`/r/${noiVu}/files/..%2F..%2Fetc%2Fpasswd`)).statusCode, 404);
    assert.equal((await p.app.inject(`/r/${noiVu}/files/${sha(pdf)}`)).statusCode, 200);
  });

  it('two files in one form are refused and nothing is stored', async () => {
    const res = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: randomUUID() },
      { name: FILE_FIELD, filename: 'a.pdf', content: samples.pdf('a') },
      { name: FILE_FIELD, filename: 'b.pdf', content: samples.pdf('b') },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /một tệp/);
    await assertNothingStored();
  });

  it('the multipart form without a file stores a text report whose checksum is the text\'s', async () => {
    const res = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: randomUUID() },
      { name: 'comment', value: 'Báo cáo bằng văn bản' },
      { name: FILE_FIELD, filename: '', content: Buffer.alloc(0) }, // an empty file input, as browsers send it
    ]);
    assert.equal(res.statusCode, 303, res.body);
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    assert.equal(s.fileSha256, null);
    assert.equal(s.checksum, sha(Buffer.from('Báo cáo bằng văn bản')));
    const empty = await p.postMultipart(`/r/${noiVu}`, [{ name: 'submissionId', value: randomUUID() }, { name: FILE_FIELD, filename: '', content: Buffer.alloc(0) }]);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Vui lòng nhập nội dung báo cáo hoặc đính kèm tệp/);
    assert.deepEqual(await filesUnder(p.uploadsRoot), []);
  });
});
