// The temporary files of uploads cut off by a process that died (no discardTemp ran) are removed once
// untouched for an hour, on a real folder; a live upload's file, stored blobs and other files stay.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { ABANDONED_UPLOAD_MS, commitBlob, receiveToTemp, removeAbandonedUploads } from '../../../web/uploads/store.ts';
import { filesUnder, tempUploadsDir } from '../../helpers/uploads.ts';

let uploads: Awaited<ReturnType<typeof tempUploadsDir>>;
beforeEach(async () => {
  uploads = await tempUploadsDir();
});
afterEach(async () => {
  await uploads.close();
});

async function* chunks(text: string) {
  yield Buffer.from(text);
}

it('removes only temporary files untouched for longer than an hour', async () => {
  const dir = uploads.dir;
  const stored = await receiveToTemp(dir, chunks('%PDF-1.4 đã lưu'));
  const blob = await commitBlob(dir, stored);
  const cutOff = await receiveToTemp(dir, chunks('%PDF-1.4 bị cắt'));
  const live = await receiveToTemp(dir, chunks('%PDF-1.4 đang gửi'));
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);
  // The cut-off one was last written just over an hour ago; the live one just under; the blob long ago.
  await fs.utimes(cutOff.tempPath, ago(ABANDONED_UPLOAD_MS + 1_000), ago(ABANDONED_UPLOAD_MS + 1_000));
  await fs.utimes(live.tempPath, ago(ABANDONED_UPLOAD_MS - 60_000), ago(ABANDONED_UPLOAD_MS - 60_000));
  await fs.utimes(blob.path, ago(10 * ABANDONED_UPLOAD_MS), ago(10 * ABANDONED_UPLOAD_MS));
  expect(await removeAbandonedUploads(dir, now)).toBe(1);
  const left = (await filesUnder(dir)).map((f) => path.basename(f)).sort();
  expect(left).toStrictEqual([path.basename(live.tempPath), path.basename(blob.path)].sort());
  // Nothing more to remove; a folder not made yet is no error.
  expect(await removeAbandonedUploads(dir, now)).toBe(0);
  expect(await removeAbandonedUploads(path.join(dir, 'not-yet'), now)).toBe(0);
});
