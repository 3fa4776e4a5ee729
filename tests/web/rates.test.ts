// The rates chart: a point per opened cycle (closed from its summary, the open one live and marked),
// the SVG's values, the table's numerators and denominators, and the 404 page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../web/app.ts';
import { cycleRates } from '../../web/read/cycle-table.ts';
import { NOW, PLAN, reportHistory } from '../helpers/report-history.ts';
import { signedInGet } from '../helpers/auth.ts';
import { NO_UPLOADS } from '../helpers/uploads.ts';

describe('rates chart', () => {
  let fixture: Awaited<ReturnType<typeof reportHistory>>;
  let app: FastifyInstance;
  let get: Awaited<ReturnType<typeof signedInGet>>;
  let body: string;

  before(async () => {
    fixture = await reportHistory();
    app = await buildWebApp({ ...NO_UPLOADS, prisma: fixture.db.prisma, deliver: async () => undefined, clock: () => NOW });
    get = await signedInGet(app, fixture.db.prisma, 'committee', NOW);
    const res = await get(`/plans/${PLAN}/rates`);
    assert.equal(res.statusCode, 200);
    body = res.body;
  });
  after(async () => {
    await app?.close();
    await fixture?.close();
  });

  const cells = (cycle: string) => {
    const m = new RegExp(`<tr data-cycle="${cycle}" data-state="(\\w+)">([\\s\\S]*?)</tr>`).exec(body);
    assert.ok(m, cycle);
    return { state: m[1], tds: [...m[2]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((t) => t[1]!.replace(/<[^>]+>/g, '').trim()) };
  };

  it('the closed cycle shows the figures its close recorded, the open one live figures', async () => {
    // 2025: six expected; five answered (one late); on time: three reports + one "nothing".
    const y2025 = cells('2025-annual');
    assert.equal(y2025.state, 'closed');
    assert.deepEqual(y2025.tds.slice(3, 7), ['83,3%', '5/6', '66,7%', '4/6']);
    // 2026: the exempted unit is not expected (5); on time + nothing + late = 3; on time = 1 + "nothing" before the deadline.
    const y2026 = cells('2026-annual');
    assert.equal(y2026.state, 'open');
    assert.deepEqual(y2026.tds.slice(3, 7), ['60%', '3/5', '40%', '2/5']);
    assert.match(y2026.tds[2]!, /Đang mở/);
    assert.deepEqual(await cycleRates(fixture.db.prisma, `${PLAN}/2026-annual`), { expected: 5, exempted: 1, reportingRate: { numerator: 3, denominator: 5 }, onTimeRate: { numerator: 2, denominator: 5 } });
    const y2027 = cells('2027-annual');
    assert.equal(y2027.state, 'upcoming');
    assert.deepEqual(y2027.tds.slice(3, 7), ['0%', '0/6', '0%', '0/6']);
  });

  it('the summary, not today\'s database, decides a closed cycle (a late change does not rewrite history)', async () => {
    const summary = JSON.parse((await fixture.db.prisma.cycle.findUniqueOrThrow({ where: { id: `${PLAN}/2025-annual` } })).summary!);
    assert.deepEqual(summary.reportingRate, { numerator: 5, denominator: 6 });
    await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2025-annual/ubnd-cao-loc` }, data: { status: 'submitted_late' } });
    try {
      const again = (await get(`/plans/${PLAN}/rates`)).body;
      assert.match(again, /<tr data-cycle="2025-annual" data-state="closed">[\s\S]*?<td>5\/6<\/td>/);
    } finally {
      await fixture.db.prisma.obligation.update({ where: { id: `${PLAN}/2025-annual/ubnd-cao-loc` }, data: { status: 'missing' } });
    }
  });

  it('draws an inline SVG with both rates per opened cycle, axis labels, and the open cycle marked', () => {
    const svg = /<svg[\s\S]*?<\/svg>/.exec(body)?.[0];
    assert.ok(svg, 'inline SVG');
    assert.doesNotMatch(body, /<script/);
    assert.match(svg, /role="img" aria-labelledby="rates-title rates-desc"/);
    const points = [...svg.matchAll(/data-series="(\w+)" data-cycle="([\w-]+)" data-value="([\d.]+)"/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    assert.deepEqual(points, ['reportingRate 2025-annual 83.3', 'reportingRate 2026-annual 60', 'onTimeRate 2025-annual 66.7', 'onTimeRate 2026-annual 40']);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 2);
    for (const label of ['0%', '20%', '40%', '60%', '80%', '100%']) assert.match(svg, new RegExp(`>${label}</text>`));
    assert.match(svg, />2025-annual<\/text>/);
    assert.match(svg, />\(đang mở\)<\/text>/);
    assert.doesNotMatch(svg, />2027-annual<\/text>/, 'a cycle not yet open has no point');
    assert.match(svg, /<circle cx="[\d.]+" cy="[\d.]+" r="5" fill="#fff"[^>]*data-cycle="2026-annual"/, 'the open point is hollow');
  });

  for (const [name, url] of [
    ['unknown plan', '/plans/nope/rates'],
    ['../ in the plan', '/plans/..%2F..%2Fetc/rates'],
    ['very long plan', `/plans/${'p'.repeat(8000)}/rates`],
    ['unicode plan', `/plans/${encodeURIComponent('kế hoạch 😀')}/rates`],
  ] as const) {
    it(`${name} → the bilingual 404 page, never a stack trace`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Không tìm thấy kế hoạch/);
      assert.match(res.body, /Plan not found/);
      assert.doesNotMatch(res.body, /at .*\.ts:\d+|Error:/);
    });
  }
});
