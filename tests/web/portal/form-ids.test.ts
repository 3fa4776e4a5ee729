// The ids a unit's forms carry (submissionId, requestId) are chosen by the browser, so a post can
// name one already used: by another unit (a forged post), or by this unit's own earlier form (Back,
// edit, send). Neither may answer as if stored, crash, or leave a file in uploads/ that no row names
// (issue 11, items 14–16). Real database, real uploads dir.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { FILE_FIELD } from '../../../web/portal/multipart-form.ts';
import { discardUnnamedBlob } from '../../../web/uploads/store.ts';
import { commitBlob, receiveToTemp } from '../../../web/uploads/store.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';
import { filesUnder, samples } from '../../helpers/uploads.ts';

describe('form ids already used', () => {
  let p: Portal;
  let noiVu: string;
  let yTe: string;

  beforeAll(async () => {
    p = await startPortal();
    noiVu = await p.token(OBLIGATION.noiVu);
    yTe = await p.token(OBLIGATION.yTe);
  });
  afterAll(() => p.close());
  beforeEach(async () => {
    await p.db.prisma.submission.deleteMany({});
    await p.db.prisma.extensionRequest.deleteMany({});
    await p.db.prisma.obligation.updateMany({ data: { status: 'open', submittedAt: null } });
    await fs.rm(p.uploadsDir, { recursive: true, force: true });
  });

  /** Every file in the test root is a blob some submission row names, and every named blob is there. */
  async function expectFilesMatchRows() {
    const named = (await p.db.prisma.submission.findMany({ where: { fileSha256: { not: null } } })).map((s) => s.fileSha256!);
    const expected = [...new Set(named)].map((h) => path.join('uploads', h.slice(0, 2), h.slice(2))).sort();
    expect(await filesUnder(p.uploadsRoot)).toStrictEqual(expected);
  }

  /** A Sở Y tế submission, stored through its own link; returns its id. */
  async function yTeSubmission() {
    const id = randomUUID();
    const res = await p.postForm(`/r/${yTe}`, { submissionId: id, comment: 'Báo cáo của Sở Y tế' });
    expect(res.statusCode).toBe(303);
    return id;
  }

  it('another unit\'s submissionId in a multipart upload: a bilingual 409, no row, no file', async () => {
    const taken = await yTeSubmission();
    const res = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: taken },
      { name: 'comment', value: 'Báo cáo Nội vụ' },
      { name: FILE_FIELD, filename: 'bc.pdf', content: samples.pdf('nội vụ') },
    ]);
    // on failure, look at: res.body
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/Chưa có gì được lưu/);
    expect(res.body).toMatch(/Nothing was stored/);
    expect(res.body).not.toMatch(/Báo cáo của Sở Y tế/);
    expect(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } })).toBe(0);
    expect((await p.db.prisma.submission.findUniqueOrThrow({ where: { id: taken } })).obligationId).toBe(OBLIGATION.yTe);
    await expectFilesMatchRows();
    expect(await filesUnder(p.uploadsRoot)).toStrictEqual([]);
  });

  it('another unit\'s submissionId in a url-encoded form: a bilingual 409, no row', async () => {
    const taken = await yTeSubmission();
    const res = await p.postForm(`/r/${noiVu}`, { submissionId: taken, kind: 'nothing', comment: 'Không phát sinh' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/Chưa có gì được lưu/);
    expect(res.body).toMatch(/Nothing was stored/);
    expect(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } })).toBe(0);
    expect((await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.noiVu } })).status).toBe('open');
  });

  it('another unit\'s submissionId on the office\'s paper route: a bilingual 409, no row', async () => {
    const taken = await yTeSubmission();
    const res = await p.postForm('/cycles/test-2026/2026-annual/units/so-noi-vu/paper', { submissionId: taken, kind: 'report', comment: 'Bản giấy' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/chưa có gì được lưu/i);
    expect(res.body).toMatch(/nothing was stored/i);
    expect(await p.db.prisma.submission.count({ where: { obligationId: OBLIGATION.noiVu } })).toBe(0);
  });

  it('resending an earlier form with a changed comment and file says nothing was saved and keeps no file', async () => {
    const id = randomUUID();
    const first = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: id },
      { name: 'comment', value: 'Bản đầu' },
      { name: FILE_FIELD, filename: 'v1.pdf', content: samples.pdf('v1') },
    ]);
    expect(first.statusCode).toBe(303);
    const again = await p.postMultipart(`/r/${noiVu}`, [
      { name: 'submissionId', value: id },
      { name: 'comment', value: 'Bản sửa' },
      { name: FILE_FIELD, filename: 'v2.pdf', content: samples.pdf('v2') },
    ]);
    // on failure, look at: again.body
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/Chưa có gì được lưu/);
    expect(again.body).toMatch(/Nothing was stored/);
    // the edited text comes back in the form, and the earlier receipt is named
    expect(again.body).toMatch(/Bản sửa<\/textarea>/);
    expect(again.body).toMatch(new RegExp(`/r/${noiVu}/receipt/${id}`));
    const rows = await p.db.prisma.submission.findMany({ where: { obligationId: OBLIGATION.noiVu } });
    expect(rows.map((s) => s.comment)).toStrictEqual(['Bản đầu']);
    await expectFilesMatchRows();
    expect((await filesUnder(p.uploadsDir)).length).toBe(1);
  });

  it('resending an earlier url-encoded form with a changed comment says nothing was saved', async () => {
    const id = randomUUID();
    expect((await p.postForm(`/r/${noiVu}`, { submissionId: id, comment: 'Bản đầu' })).statusCode).toBe(303);
    const again = await p.postForm(`/r/${noiVu}`, { submissionId: id, comment: 'Bản sửa' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/Chưa có gì được lưu/);
    expect((await p.db.prisma.submission.findMany({ where: { obligationId: OBLIGATION.noiVu } })).map((s) => s.comment)).toStrictEqual(['Bản đầu']);
    // the same form sent twice unchanged is still one submission, answered with its receipt
    const twice = await p.postForm(`/r/${noiVu}`, { submissionId: id, comment: 'Bản đầu' });
    expect(twice.statusCode).toBe(303);
    expect(twice.headers.location).toBe(`/r/${noiVu}/receipt/${id}`);
  });

  it('a file whose row is not written is removed even when its content is new (the cycle closed meanwhile)', async () => {
    await p.db.prisma.cycle.update({ where: { id: 'test-2026/2026-annual' }, data: { status: 'closed' } });
    try {
      const res = await p.postMultipart(`/r/${noiVu}`, [
        { name: 'submissionId', value: randomUUID() },
        { name: FILE_FIELD, filename: 'late.pdf', content: samples.pdf('late') },
      ]);
      expect(res.statusCode).toBe(409);
      await expectFilesMatchRows();
      expect(await filesUnder(p.uploadsRoot)).toStrictEqual([]);
    } finally {
      await p.db.prisma.cycle.update({ where: { id: 'test-2026/2026-annual' }, data: { status: 'open' } });
    }
  });

  it('a blob whose row was not written is removed, one a row names is kept', async () => {
    const bytes = samples.pdf('kept?');
    const received = await receiveToTemp(p.uploadsDir, (async function* () { yield bytes; })());
    expect((await commitBlob(p.uploadsDir, received)).created).toBe(true);
    await discardUnnamedBlob(p.db.prisma, p.uploadsDir, received.sha256);
    expect(await filesUnder(p.uploadsDir)).toStrictEqual([]);
    // the same content stored by a real post stays, whatever a failed twin tries
    const res = await p.postMultipart(`/r/${noiVu}`, [{ name: 'submissionId', value: randomUUID() }, { name: FILE_FIELD, filename: 'a.pdf', content: bytes }]);
    expect(res.statusCode).toBe(303);
    await discardUnnamedBlob(p.db.prisma, p.uploadsDir, received.sha256);
    await expectFilesMatchRows();
    expect((await filesUnder(p.uploadsDir)).length).toBe(1);
  });

  it('another unit\'s pending requestId posted to /r/:token/extension: a clear 409, nothing stored', async () => {
    const requestId = randomUUID();
    const theirs = await p.postForm(`/r/${yTe}/extension`, { requestId, reason: 'Chờ số liệu', lastDay: '2026-12-20' });
    expect(theirs.statusCode).toBe(303);
    const res = await p.postForm(`/r/${noiVu}/extension`, { requestId, reason: 'Nội vụ cần thêm thời gian', lastDay: '2026-12-21' });
    const mine = await p.db.prisma.extensionRequest.findMany({ where: { obligationId: OBLIGATION.noiVu } });
    // on failure, look at: res.body
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/chưa có gì được lưu/i);
    expect(res.body).toMatch(/nothing was stored/i);
    expect(mine).toStrictEqual([]);
    // Sở Y tế's request is untouched
    expect((await p.db.prisma.extensionRequest.findUniqueOrThrow({ where: { id: requestId } })).obligationId).toBe(OBLIGATION.yTe);
  });
});
