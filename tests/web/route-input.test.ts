// Route input validated by Fastify through the routes' zod schemas (fastify-type-provider-zod), against
// the real routes: a malformed address gets its route's 404 page, a bad query string is ignored, and a
// bad form comes back as the page with its message; always a bilingual HTML page, never Fastify's JSON
// error, and nothing stored.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LightMyRequestResponse } from 'fastify';
import { signIn } from '../helpers/auth.ts';
import { openForm, type FormCsrf } from '../helpers/csrf.ts';
import { OBLIGATION, startPortal, type Portal } from '../helpers/portal.ts';

const CYCLE = '/cycles/test-2026/2026-annual';
const LONG = (c: string, n: number) => c.repeat(n);

describe('route input checked by the routes\' schemas', () => {
  let p: Portal;
  let t: string; // a good personal link
  let anonymous: FormCsrf; // a browser without a session that opened the sign-in form

  beforeAll(async () => {
    p = await startPortal();
    t = await p.token(OBLIGATION.noiVu);
    anonymous = await openForm(p.app, '/signin');
  });
  afterAll(() => p.close());

  /** A short bilingual HTML page with this status and text, not JSON and no stack trace. */
  const expectPage = (res: LightMyRequestResponse, status: number, text: RegExp) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toMatch(text);
    expect(res.body).not.toMatch(/"statusCode"|FST_ERR|at .*\.ts:\d+/);
  };
  /** A url-encoded form posted as-is (fields may repeat), with the portal browser's cookies. */
  const postRaw = (url: string, fields: [string, string][], o: { cookie?: string; contentType?: string; payload?: string } = {}) =>
    p.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': o.contentType ?? 'application/x-www-form-urlencoded', cookie: o.cookie ?? p.cookie },
      payload: o.payload ?? new URLSearchParams(fields).toString(),
    });

  it('a malformed address gets the not-found page of its route', async () => {
    const unitPages: [string, RegExp][] = [
      [`/r/${LONG('x', 300)}`, /Đường link không hợp lệ hoặc đã hết hạn/],
      [`/r/${t}/receipt/${LONG('s', 101)}`, /Đường link không hợp lệ hoặc đã hết hạn/],
      [`/r/${t}/files/not-a-sha256`, /Đường link không hợp lệ hoặc đã hết hạn/],
    ];
    for (const [url, text] of unitPages) {
      // on failure, look at: url
      expectPage(await p.app.inject(url), 404, text);
    }
    const officePages: [string, RegExp][] = [
      [`/cycles/${LONG('p', 101)}/2026-annual`, /Không có kỳ báo cáo này/],
      [`${CYCLE}/units/${LONG('u', 101)}`, /Không có đơn vị này trong kỳ báo cáo/],
      ['/cycles/Test_2026/2026-annual/export.csv', /Không tìm thấy kỳ báo cáo/],
      ['/cycles/test-2026/2026-annual!/export.xlsx', /Không tìm thấy kỳ báo cáo/],
      ['/cycles/test-2026/-annual/submissions.zip', /Không tìm thấy kỳ báo cáo/],
      ['/committee/TEST/2026-annual', /Không tìm thấy kỳ báo cáo/],
      ['/committee/test-2026/2026--annual/export.xlsx', /Không tìm thấy kỳ báo cáo/],
      ['/plans/not%20a%20slug/rates', /Không tìm thấy kế hoạch/],
      [`/outbox/${LONG('m', 201)}`, /Không có thư này/],
      [`/cycles/${LONG('p', 101)}/2026-annual/extension-requests`, /Không tìm thấy trang này/],
    ];
    // An administrator, who sees every plan, gets the route's own page. The office account (given
    // test-2026 only) gets the same when the address names its plan, and otherwise the uniform
    // not-found page of a plan it does not have (web/auth/plan-scope.ts); the Outbox names no plan.
    const admin = await signIn(p.db.prisma, 'admin');
    for (const [url, text] of officePages) {
      // on failure, look at: url
      expectPage(await p.app.inject({ url, headers: { cookie: admin } }), 404, text);
      // on failure, look at: `${url} (office)`
      expectPage(await p.officeGet(url), 404, url.includes('/test-2026/') || url.startsWith('/outbox/') ? text : /Không tìm thấy trang này/);
    }
    // The same pages, when well-formed, open.
    expect((await p.officeGet('/plans/test-2026/rates')).statusCode).toBe(200);
    expect((await p.officeGet(`${CYCLE}/export.csv`)).statusCode).toBe(200);
  });

  it('a form posted to a malformed address gets the not-found page and changes nothing', async () => {
    expectPage(await p.postForm(`/cycles/${LONG('p', 101)}/2026-annual/units/so-noi-vu/paper`, { submissionId: randomUUID(), kind: 'report', comment: 'x' }), 404, /Không tìm thấy/);
    // (a plan the office account does not have: the uniform not-found page, web/auth/plan-scope.ts)
    expectPage(await p.postForm(`/cycles/${LONG('p', 101)}/2026-annual/extend-all`, { lastDay: '2026-12-20', reason: 'x' }), 404, /Không tìm thấy trang này/);
    expectPage(await p.postForm(`${CYCLE}/extension-requests/${LONG('i', 101)}/grant`, {}), 404, /Không tìm thấy trang này/);
    expectPage(await p.postForm(`/r/${LONG('x', 300)}`, { submissionId: randomUUID(), comment: 'x' }), 404, /Đường link không hợp lệ/);
    expectPage(await p.postForm(`/r/${LONG('x', 300)}/extension`, { requestId: randomUUID(), reason: 'x', lastDay: '2026-12-20' }), 404, /Đường link không hợp lệ/);
    expect(await p.db.prisma.submission.count()).toBe(0);
    expect(await p.db.prisma.extensionRequest.count()).toBe(0);
  });

  it('a bad query string is ignored rather than an error page', async () => {
    const dashboard = await p.officeGet(`${CYCLE}?status=%3Cscript%3E&page=-3&q=${LONG('q', 500)}`);
    expect(dashboard.statusCode).toBe(200);
    // every unit shown (the filter fell back to "all")
    expect(dashboard.body).toMatch(/3 đơn vị phù hợp/);
    const unit = await p.officeGet(`${CYCLE}/units/so-noi-vu?done=%3Cb%3Egot%20you%3C%2Fb%3E`);
    expect(unit.statusCode).toBe(200);
    expect(unit.body).not.toMatch(/got you|role="status"/);
    const signin = await p.app.inject('/signin?next=%2Fa&next=%2Fb');
    expect(signin.statusCode).toBe(200);
    expect(signin.body).not.toMatch(/name="next"/);
    const lang = await p.app.inject('/lang/xx');
    expect(lang.statusCode).toBe(303);
    expect(lang.cookies.find((c) => c.name === 'dondoc_lang')?.value).toBe('vi');
  });

  it('a bad office form comes back on its page with the message, and nothing is stored', async () => {
    const paper = await p.postForm(`${CYCLE}/units/so-noi-vu/paper`, { submissionId: randomUUID(), kind: 'poem', comment: 'x' });
    expectPage(paper, 400, /Thông tin chưa đầy đủ hoặc không hợp lệ; chưa có thay đổi nào/);
    // the unit's page, with its forms
    expect(paper.body).toMatch(/<h1>Sở Nội vụ<\/h1>/);
    const forged = await p.postForm(`${CYCLE}/units/so-noi-vu/paper`, { submissionId: '../../etc/passwd', kind: 'report', comment: 'x' });
    expectPage(forged, 400, /Thông tin chưa đầy đủ/);
    // A JSON body is parsed and checked the same way: the page, not a JSON error.
    const json = await postRaw(`${CYCLE}/units/so-noi-vu/paper`, [], { contentType: 'application/json', payload: JSON.stringify({ _csrf: p.officeCsrf, submissionId: 5, kind: 'report', comment: 'x' }) });
    expectPage(json, 400, /Thông tin chưa đầy đủ/);
    // A bad form for a unit that does not exist: that unit is not found.
    expectPage(await p.postForm(`${CYCLE}/units/khong-co/paper`, { kind: 'poem' }), 404, /Không có đơn vị này trong kỳ báo cáo/);
    const extendAll = await p.postForm(`${CYCLE}/extend-all`, { lastDay: 'soon', reason: 'Chờ số liệu' });
    // a day that is not one says so, and the form comes back as typed
    expectPage(extendAll, 400, /&quot;soon&quot; không phải là một ngày; vui lòng nhập theo dạng dd\/mm\/yyyy/);
    expect(extendAll.body).toMatch(/name="lastDay" value="soon"/);
    expect(extendAll.body).toMatch(/href="\/cycles\/test-2026\/2026-annual"/);
    expect(await p.db.prisma.submission.count()).toBe(0);
  });

  it('a bad sign-in form comes back as the sign-in page with its message', async () => {
    const res = await postRaw('/signin', [['_csrf', anonymous.csrf], ['email', 'a@b.vn']], { cookie: anonymous.cookie });
    expectPage(res, 400, /Vui lòng nhập email và mật khẩu/);
    expect(res.body).toMatch(/<form method="post" action="\/signin"/);
  });

  it('a forged unit form (a field sent twice) comes back with its message and stores nothing', async () => {
    const report = await postRaw(`/r/${t}`, [['_csrf', p.unitCsrf], ['submissionId', randomUUID()], ['comment', 'một'], ['comment', 'hai']]);
    expectPage(report, 400, /Biểu mẫu không hợp lệ; vui lòng tải lại trang và nộp lại/);
    expect(report.body).toMatch(/id="report-form"/);
    const extension = await postRaw(`/r/${t}/extension`, [['_csrf', p.unitCsrf], ['requestId', randomUUID()], ['reason', 'một'], ['reason', 'hai'], ['lastDay', '2026-12-20']]);
    expectPage(extension, 400, /Biểu mẫu không hợp lệ/);
    // on a bad link, the link is what is wrong
    expectPage(await postRaw(`/r/${LONG('A', 43)}`, [['_csrf', p.unitCsrf], ['comment', 'một'], ['comment', 'hai']]), 404, /Đường link không hợp lệ/);
    expect(await p.db.prisma.submission.count()).toBe(0);
    expect(await p.db.prisma.extensionRequest.count()).toBe(0);
  });
});
