// The rates chart: a point per opened cycle (closed from its summary, the open one live and marked),
// the SVG's values, the table's numerators and denominators, and the 404 page.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../../web/app.ts';
import { TEST_COOKIE_SECRET } from '../../helpers/csrf.ts';
import { cycleRates } from '../../../web/cycle-table.ts';
import { NOW, PLAN, reportHistory } from '../../helpers/report-history.ts';
import { signedInGet } from '../../helpers/auth.ts';
import { NO_UPLOADS } from '../../helpers/uploads.ts';
import { expectTruthy } from '../../helpers/expect.ts';
import { readCycleSummary } from '../../../db/stored-json.ts';

describe('rates chart', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let get: Awaited<ReturnType<typeof signedInGet>>;
  let asAdmin: Awaited<ReturnType<typeof signedInGet>>;
  let body: string;

  beforeAll(async () => {
    fixture = await reportHistory();
    app = await buildWebApp({ cookieSecret: TEST_COOKIE_SECRET, ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    get = await signedInGet(app, fixture.db.prisma, 'committee', NOW);
    asAdmin = await signedInGet(app, fixture.db.prisma, 'admin', NOW);
    const res = await get(`/plans/${PLAN}/rates`);
    expect(res.statusCode).toBe(200);
    body = res.body;
  });
  afterAll(async () => {
    await app?.close();
    await fixture?.close();
  });

  const cells = (cycle: string) => {
    const m = new RegExp(`<tr data-cycle="${cycle}" data-state="(\\w+)">([\\s\\S]*?)</tr>`).exec(body);
    // on failure, look at: cycle
    expectTruthy(m);
    return { state: m[1], tds: [...m[2]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((t) => t[1]!.replace(/<[^>]+>/g, '').trim()) };
  };

  it('the closed cycle shows the figures its close recorded, the open one live figures', async () => {
    // 2025: six expected; five answered (one late); on time: three reports + one "nothing".
    const y2025 = cells('2025-annual');
    expect(y2025.state).toBe('closed');
    expect(y2025.tds.slice(3, 7)).toStrictEqual(['83,3%', '5/6', '66,7%', '4/6']);
    // 2026: the exempted unit is not expected (5); on time + nothing + late = 3; on time = 1 + "nothing" before the deadline.
    const y2026 = cells('2026-annual');
    expect(y2026.state).toBe('open');
    expect(y2026.tds.slice(3, 7)).toStrictEqual(['60%', '3/5', '40%', '2/5']);
    expect(y2026.tds[2]!).toMatch(/Đang mở/);
    expect(await cycleRates(fixture.db.prisma, `${PLAN}/2026-annual`)).toStrictEqual({ expected: 5, exempted: 1, reportingRate: { numerator: 3, denominator: 5 }, onTimeRate: { numerator: 2, denominator: 5 } });
    const y2027 = cells('2027-annual');
    expect(y2027.state).toBe('upcoming');
    expect(y2027.tds.slice(3, 7)).toStrictEqual(['0%', '0/6', '0%', '0/6']);
  });

  it('the summary, not today\'s database, decides a closed cycle (a late change does not rewrite history)', async () => {
    const summary = readCycleSummary((await fixture.db.prisma.cycle.findUniqueOrThrow({ where: { id: `${PLAN}/2025-annual` } })).summary)!;
    expect(summary.reportingRate).toStrictEqual({ numerator: 5, denominator: 6 });
    await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2025-annual/ubnd-cao-loc` }, data: { status: 'submitted_late' } });
    try {
      const again = (await get(`/plans/${PLAN}/rates`)).body;
      expect(again).toMatch(/<tr data-cycle="2025-annual" data-state="closed">[\s\S]*?<td>5\/6<\/td>/);
    } finally {
      await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2025-annual/ubnd-cao-loc` }, data: { status: 'missing' } });
    }
  });

  it('draws an inline SVG with both rates per opened cycle, axis labels, and the open cycle marked', () => {
    const svg = /<svg[\s\S]*?<\/svg>/.exec(body)?.[0];
    // inline SVG
    expectTruthy(svg);
    expect(body).not.toMatch(/<script/);
    expect(svg).toMatch(/role="img" aria-labelledby="rates-title rates-desc"/);
    const points = [...svg.matchAll(/data-series="(\w+)" data-cycle="([\w-]+)" data-value="([\d.]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(points).toStrictEqual(['reportingRate 2025-annual 83.3', 'reportingRate 2026-annual 60', 'onTimeRate 2025-annual 66.7', 'onTimeRate 2026-annual 40']);
    expect((svg.match(/<polyline/g) ?? []).length).toBe(2);
    for (const label of ['0%', '20%', '40%', '60%', '80%', '100%']) expect(svg).toMatch(new RegExp(`>${label}</text>`));
    expect(svg).toMatch(/>2025-annual<\/text>/);
    expect(svg).toMatch(/>\(đang mở\)<\/text>/);
    // a cycle not yet open has no point
    expect(svg).not.toMatch(/>2027-annual<\/text>/);
    // the open point is hollow
    expect(svg).toMatch(/<circle cx="[\d.]+" cy="[\d.]+" r="5" fill="#fff"[^>]*data-cycle="2026-annual"/);
  });

  for (const [name, url] of [
    ['unknown plan', '/plans/nope/rates'],
    ['../ in the plan', '/plans/..%2F..%2Fetc/rates'],
    ['very long plan', `/plans/${'p'.repeat(8000)}/rates`],
    ['unicode plan', `/plans/${encodeURIComponent('kế hoạch 😀')}/rates`],
  ] as const) {
    it(`${name} → the bilingual 404 page, never a stack trace`, async () => {
      // An administrator sees every plan: the route's own page. The committee account, given PLAN
      // only, gets the uniform not-found page for any other address (web/auth/plan-scope.ts).
      const admin = await asAdmin(url);
      expect(admin.statusCode).toBe(404);
      expect(admin.body).toMatch(/Không tìm thấy kế hoạch/);
      expect(admin.body).toMatch(/Plan not found/);
      const committee = await get(url);
      expect(committee.statusCode).toBe(404);
      expect(committee.body).toMatch(/Không tìm thấy trang này/);
      for (const res of [admin, committee]) expect(res.body).not.toMatch(/at .*\.ts:\d+|Error:/);
    });
  }
});
