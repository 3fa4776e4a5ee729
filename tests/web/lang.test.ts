// The English switch: a cookie that turns every page into its English version, set by a link that
// returns to the page it was clicked on (never to another site).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { issueToken } from '../../db/tokens.ts';
import { savePlan } from '../../db/plans.ts';
import { buildWebApp } from '../../web/app.ts';
import { backTo } from '../../web/lang.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

describe('the English switch', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let link: string;
  before(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date('2026-11-25T03:00:00Z') });
    link = `/r/${await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-02-01T00:00:00Z'))}`;
  });
  after(async () => {
    await app.close();
    await db.close();
  });

  it('pages are Vietnamese first with English beside it, and English only with the cookie', async () => {
    const vi = await app.inject(link);
    assert.match(vi.body, /^<!doctype html><html lang="vi">/);
    assert.match(vi.body, /<span class="vi">Hạn nộp<\/span> <span class="en">Deadline<\/span>/);
    assert.match(vi.body, /href="\/lang\/en"/);
    const en = await app.inject({ url: link, cookies: { dondoc_lang: 'en' } });
    assert.match(en.body, /^<!doctype html><html lang="en" class="lang-en">/);
    assert.match(en.body, /\.lang-en \.vi\{display:none\}/);
    // Anything else in the cookie is Vietnamese.
    assert.match((await app.inject({ url: link, cookies: { dondoc_lang: '<script>' } })).body, /^<!doctype html><html lang="vi">/);
  });

  it('the switch sets the cookie and goes back to the page it was on, never to another site', async () => {
    const res = await app.inject({ url: '/lang/en', headers: { referer: `http://localhost:80${link}`, host: 'localhost:80' } });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, link);
    const cookie = res.cookies.find((c) => c.name === 'dondoc_lang');
    assert.equal(cookie?.value, 'en');
    assert.ok(cookie?.httpOnly);
    const back = await app.inject({ url: '/lang/vi', headers: { referer: 'https://evil.example/phish', host: 'localhost:80' } });
    assert.equal(back.headers.location, '/');
    assert.equal(back.cookies.find((c) => c.name === 'dondoc_lang')?.value, 'vi');
  });

  for (const [referer, host, expected] of [
    [undefined, 'a', '/'],
    ['http://a/cycles/x/y?page=2', 'a', '/cycles/x/y?page=2'],
    ['http://b/cycles', 'a', '/'],
    ['not a url', 'a', '/'],
    ['http://a/lang/en', 'a', '/'],
    ['//a/x', 'a', '/'],
  ] as const) {
    it(`backTo(${referer}) → ${expected}`, () => assert.equal(backTo(referer, host), expected));
  }
});
