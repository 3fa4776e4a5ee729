// What the units sent, read by the office and the committee on a unit's page in a cycle: every version
// in full (file, figures, text, the receipt's SHA-256), and each file downloaded as the unit sent it,
// against a real database and uploads dir filled through the units' own form. A file is reached only
// under its own unit and cycle, by a signed-in reader; a unit's link never opens another unit's file.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OFFICE_READERS } from '../../../web/auth/access.ts';
import { blobPath } from '../../../web/uploads/store.ts';
import { signIn } from '../../helpers/auth.ts';
import { OBLIGATION } from '../../helpers/portal.ts';
import { LONG_TEXT, sha256, unitsWithFiles, type UnitFiles } from '../../helpers/unit-files.ts';

const NOI_VU_PAGE = '/cycles/test-2026/2026-annual/units/so-noi-vu';
const Y_TE_PAGE = '/cycles/test-2026/2026-annual/units/so-y-te';
const fileUrl = (unitPage: string, id: string) => `${unitPage}/submissions/${id}/file`;

describe('the office reads what units sent', () => {
  let u: UnitFiles;
  let committee: string;

  beforeAll(async () => {
    u = await unitsWithFiles();
    committee = await signIn(u.p.db.prisma, 'committee', { now: new Date('2026-11-25T03:00:00Z') });
  });
  afterAll(() => u?.close());

  const as = (cookie: string, url: string) => u.p.app.inject({ url, headers: { cookie } });

  it('the unit page shows every version in full: file, figures, the whole text, the full checksum', async () => {
    const res = await u.p.officeGet(NOI_VU_PAGE);
    expect(res.statusCode).toBe(200);
    const [latest, first] = res.body.split('<section class="card" id="v').slice(1);
    // newest first
    expect(latest).toMatch(/^2" data-version="2" data-submission="[^"]+">\n<h3><span class="vi">Phiên bản 2<\/span> <span class="en">Version 2<\/span> \(<span class="vi">mới nhất<\/span>/);
    expect(first).toMatch(/^1" data-version="1"/);
    // the whole text, escaped, not the first 300 characters
    expect(LONG_TEXT.length).toBeGreaterThan(600);
    expect(first).toContain('Dòng cuối: &lt;b&gt;hết&lt;/b&gt;.');
    expect(first).toContain(LONG_TEXT.slice(300, 400));
    // figures of each version, the Vietnamese way
    expect(first).toMatch(/<tr data-figure="so-vu-viec"><th>Số vụ việc<\/th><td>1\.234 vụ<\/td><\/tr>/);
    expect(latest).toMatch(/<tr data-figure="so-vu-viec"><th>Số vụ việc<\/th><td>1\.250 vụ<\/td><\/tr>/);
    expect(latest).toMatch(/<tr data-figure="kinh-phi"><th>Kinh phí<\/th><td>13,75 triệu đồng<\/td><\/tr>/);
    expect(latest).toMatch(/<tr data-figure="ghi-chu"><th>Đánh giá chung<\/th><td>Hoàn thành tốt<\/td><\/tr>/);
    // the receipt's checksum in full: the file's SHA-256
    expect(first).toContain(`<code class="checksum">${sha256(u.noiVu.v1.bytes)}</code>`);
    expect(latest).toContain(`<code class="checksum">${sha256(u.noiVu.v2.bytes)}</code>`);
    // links to each file; only the PDF offers the browser's viewer
    expect(first).toContain(`href="${fileUrl(NOI_VU_PAGE, u.noiVu.v1.id)}" download>Báo cáo năm 2026.pdf</a>`);
    expect(first).toContain(`href="${fileUrl(NOI_VU_PAGE, u.noiVu.v1.id)}?view=1"`);
    expect(latest).toContain(`href="${fileUrl(NOI_VU_PAGE, u.noiVu.v2.id)}" download>`);
    expect(latest).not.toContain('?view=1');
  });

  it('downloads a version\'s file with its original Vietnamese name, its sniffed type, nosniff, never cached', async () => {
    const pdf = await u.p.officeGet(fileUrl(NOI_VU_PAGE, u.noiVu.v1.id));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload).toStrictEqual(u.noiVu.v1.bytes);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="Bao cao nam 2026.pdf"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20n%C4%83m%202026.pdf`);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['cache-control']).toBe('private, no-store');

    const xlsx = await u.p.officeGet(fileUrl(NOI_VU_PAGE, u.noiVu.v2.id));
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload).toStrictEqual(u.noiVu.v2.bytes);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // the name as sent, UTF-8 intact; the fallback without its marks or the semicolon
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="So lieu dot 2_ ban cuoi.xlsx"; filename*=UTF-8''${encodeURIComponent('Số liệu đợt 2; bản cuối.xlsx')}`);
  });

  it('?view=1 shows a PDF in the browser\'s viewer, and nothing else: any other file stays a download', async () => {
    const pdf = await u.p.officeGet(`${fileUrl(NOI_VU_PAGE, u.noiVu.v1.id)}?view=1`);
    expect(pdf.statusCode).toBe(200);
    expect(String(pdf.headers['content-disposition'])).toMatch(/^inline; filename="Bao cao nam 2026\.pdf"/);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    const xlsx = await u.p.officeGet(`${fileUrl(NOI_VU_PAGE, u.noiVu.v2.id)}?view=1`);
    expect(String(xlsx.headers['content-disposition'])).toMatch(/^attachment; /);
    // an odd value is a plain download, not an error page
    const odd = await u.p.officeGet(`${fileUrl(NOI_VU_PAGE, u.noiVu.v1.id)}?view=<script>`);
    expect(odd.statusCode).toBe(200);
    expect(String(odd.headers['content-disposition'])).toMatch(/^attachment; /);
  });

  it('the committee reads the same page and files', async () => {
    const page = await as(committee, NOI_VU_PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dòng cuối: &lt;b&gt;hết&lt;/b&gt;.');
    const file = await as(committee, fileUrl(Y_TE_PAGE, u.yTe.id));
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload).toStrictEqual(u.yTe.bytes);
  });

  it('a file is reached only under its own unit and cycle: another unit\'s, an unknown or a malformed id get the 404 page', async () => {
    for (const url of [
      fileUrl(NOI_VU_PAGE, u.yTe.id), // Sở Y tế's file under Sở Nội vụ
      fileUrl(Y_TE_PAGE, u.noiVu.v1.id),
      fileUrl('/cycles/test-2026/2025-annual/units/so-noi-vu', u.noiVu.v1.id),
      fileUrl(NOI_VU_PAGE, '00000000-0000-0000-0000-000000000000'),
      fileUrl(NOI_VU_PAGE, 'x'.repeat(500)),
      fileUrl(NOI_VU_PAGE, encodeURIComponent('../../../etc/passwd')),
    ]) {
      const res = await u.p.officeGet(url);
      // on failure, look at: url
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/Không có tệp báo cáo này/);
    }
    // A plan the account was not given (here, none by that name): the uniform 404 of web/auth/plan-scope.ts.
    const other = await u.p.officeGet(fileUrl('/cycles/other-plan/2026-annual/units/so-noi-vu', u.noiVu.v1.id));
    expect(other.statusCode).toBe(404);
    expect(other.body).toMatch(/Không tìm thấy trang này/);
  });

  it('without a session the file is not sent: the sign-in page, whatever personal link the browser holds', async () => {
    const res = await u.p.app.inject({ url: fileUrl(NOI_VU_PAGE, u.noiVu.v1.id) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(fileUrl(NOI_VU_PAGE, u.noiVu.v1.id))}`);
    expect(res.rawPayload.includes(u.noiVu.v1.bytes)).toBe(false);
  });

  it('a unit\'s link opens its own files, never another unit\'s (nor by another unit\'s hash)', async () => {
    const noiVu = await u.p.token(OBLIGATION.noiVu);
    const yTe = await u.p.token(OBLIGATION.yTe);
    const own = await u.p.app.inject(`/r/${noiVu}/files/${sha256(u.noiVu.v1.bytes)}`);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload).toStrictEqual(u.noiVu.v1.bytes);
    expect(own.headers['x-content-type-options']).toBe('nosniff');
    for (const [token, bytes] of [[noiVu, u.yTe.bytes], [yTe, u.noiVu.v1.bytes], [yTe, u.noiVu.v2.bytes]] as const) {
      const res = await u.p.app.inject(`/r/${token}/files/${sha256(bytes)}`);
      expect(res.statusCode).toBe(404);
      expect(res.rawPayload.includes(bytes)).toBe(false);
    }
  });

  it('a file missing from the uploads dir is a server error page, not a 404 and not a leak of the path', async () => {
    const at = blobPath(u.p.uploadsDir, sha256(u.yTe.bytes))!;
    await fs.rename(at, `${at}.away`);
    try {
      const res = await u.p.officeGet(fileUrl(Y_TE_PAGE, u.yTe.id));
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).not.toContain(u.p.uploadsDir);
    } finally {
      await fs.rename(`${at}.away`, at);
    }
  });

  it('the file route is declared for the office\'s readers, like the unit page', () => {
    const route = u.p.app.routeAccess.find((r) => r.method === 'GET' && r.url === '/cycles/:planId/:cycleKey/units/:unitCode/submissions/:submissionId/file');
    expect(route?.access).toStrictEqual(OFFICE_READERS);
    const page = u.p.app.routeAccess.find((r) => r.method === 'GET' && r.url === '/cycles/:planId/:cycleKey/units/:unitCode');
    expect(route?.access).toStrictEqual(page?.access);
  });
});
