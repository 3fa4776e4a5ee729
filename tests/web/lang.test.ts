// The English switch: a cookie that turns every page into its English version, set by a link that
// returns to the page it was clicked on (never to another site).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { issueToken } from '../../db/tokens.ts';
import { savePlan } from '../../db/plans.ts';
import { buildWebApp } from '../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../helpers/csrf.ts';
import { backTo } from '../../web/lang.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

describe('the English switch', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let link: string;
  beforeAll(async () => {
    db = await freshDatabase();
    const { plan, source } = threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' });
    await savePlan(db.prisma, plan, source);
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: db.prisma, deliver: async () => undefined, clock: () => new Date('2026-11-25T03:00:00Z') });
    link = `/r/${await issueToken(db.prisma, 'test-2026/2026-annual/so-noi-vu', new Date('2027-02-01T00:00:00Z'))}`;
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('pages are Vietnamese first with English beside it, and English only with the cookie', async () => {
    const vi = await app.inject(link);
    expect(vi.body).toMatch(/^<!doctype html><html lang="vi">/);
    expect(vi.body).toMatch(/<span class="vi">Hạn nộp<\/span> <span class="en">Deadline<\/span>/);
    expect(vi.body).toMatch(/href="\/lang\/en"/);
    const en = await app.inject({ url: link, cookies: { dondoc_lang: 'en' } });
    expect(en.body).toMatch(/^<!doctype html><html lang="en" class="lang-en">/);
    expect(en.body).toMatch(/\.lang-en \.vi\{display:none\}/);
    // Anything else in the cookie is Vietnamese.
    expect((await app.inject({ url: link, cookies: { dondoc_lang: '<script>' } })).body).toMatch(/^<!doctype html><html lang="vi">/);
  });

  it('the switch sets the cookie and goes back to the page it was on, never to another site', async () => {
    const res = await app.inject({ url: '/lang/en', headers: { referer: `http://localhost:80${link}`, host: 'localhost:80' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(link);
    const cookie = res.cookies.find((c) => c.name === 'dondoc_lang');
    expect(cookie?.value).toBe('en');
    expect(cookie?.httpOnly).toBeTruthy();
    const back = await app.inject({ url: '/lang/vi', headers: { referer: 'https://evil.example/phish', host: 'localhost:80' } });
    expect(back.headers.location).toBe('/');
    expect(back.cookies.find((c) => c.name === 'dondoc_lang')?.value).toBe('vi');
  });

  it('the switch from a page at //other.host/... stays on this site (open redirect)', async () => {
    // A link http://<dondoc>//evil.example/x shows dondoc's 404 page; its language links must not leave the site.
    const notFound = await app.inject({ url: '//evil.example/x', headers: { host: 'localhost:80' } });
    expect(notFound.statusCode).toBe(404);
    const links = [...notFound.body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(links).toContain('/lang/en');
    for (const href of links) expect(href).toMatch(/^\/(?![\/\\])/);
    for (const lang of ['en', 'vi']) {
      const res = await app.inject({ url: `/lang/${lang}`, headers: { referer: 'http://localhost:80//evil.example/x', host: 'localhost:80' } });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    }
  });

  for (const [referer, host, expected] of [
    [undefined, 'a', '/'],
    ['http://a/cycles/x/y?page=2', 'a', '/cycles/x/y?page=2'],
    ['http://b/cycles', 'a', '/'],
    ['not a url', 'a', '/'],
    ['http://a/lang/en', 'a', '/'],
    ['//a/x', 'a', '/'],
    // A same-host Referer whose path starts with // or /\ would be a redirect to another site.
    ['http://a//evil.example/x', 'a', '/'],
    ['http://a//evil.example', 'a', '/'],
    ['http://a/\\evil.example/x', 'a', '/'],
    ['http://a/%2F%2Fevil.example', 'a', '/%2F%2Fevil.example'],
  ] as const) {
    it(`backTo(${referer}) → ${expected}`, () => expect(backTo(referer, host)).toBe(expected));
  }
});
