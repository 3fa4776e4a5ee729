// The figures a cycle asks for, entered on the unit's page (validated per field, kept on error,
// stored with the submission and shown on the receipt), and the "nothing to report" confirmation.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseFigureValues, parseLocalNumber } from '../../../domain/figure-values.ts';
import type { PlanFigure } from '../../../domain/plan-schema.ts';
import { FILE_FIELD } from '../../../web/portal/multipart-form.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';
import { filesUnder, samples } from '../../helpers/uploads.ts';
import { expectTruthy } from '../../helpers/expect.ts';

const FIGURES = [
  { key: 'so-vu-viec', name: 'Số vụ việc', unit: 'vụ', type: 'integer' },
  { key: 'kinh-phi', name: 'Kinh phí', unit: 'triệu đồng', type: 'number' },
  { key: 'ty-le', name: 'Tỷ lệ hoàn thành', unit: '%', type: 'percent' },
  { key: 'ghi-chu', name: 'Đánh giá chung', type: 'text' },
];

describe('parseLocalNumber and parseFigureValues', () => {
  for (const [raw, n] of [['1234', 1234], ['1.234', 1234], ['1.234.567', 1234567], ['1.234,5', 1234.5], ['12,5', 12.5], ['12.5', 12.5], [' 1 234 ', 1234], ['0', 0]] as const) {
    it(`reads "${raw}" as ${n}`, () => expect(parseLocalNumber(raw)).toBe(n));
  }
  for (const raw of ['-5', 'abc', '1,2,3', '1e5', '', '12,', 'Infinity', '0x10']) {
    it(`refuses "${raw}"`, () => expect(parseLocalNumber(raw)).toBe(null));
  }
  it('gives one clear message per bad field', () => {
    const r = parseFigureValues(FIGURES as PlanFigure[], { 'fig_so-vu-viec': '12,5', 'fig_kinh-phi': '-3', 'fig_ty-le': '', 'fig_ghi-chu': 'Tốt' });
    expectTruthy(!r.ok);
    expect(r.errors['so-vu-viec']!).toMatch(/Số vụ việc: phải là số nguyên/);
    expect(r.errors['kinh-phi']!).toMatch(/Kinh phí: "-3" không phải là số không âm/);
    expect(r.errors['ty-le']!).toMatch(/Tỷ lệ hoàn thành: vui lòng nhập số/);
    expect(r.errors['ghi-chu']).toBe(undefined);
  });
});

describe('figures on the unit page', () => {
  let p: Portal;
  let t: string;
  beforeAll(async () => {
    p = await startPortal({ figures: FIGURES });
    t = await p.token(OBLIGATION.noiVu);
  });
  afterAll(() => p.close());
  beforeEach(() => p.db.prisma.submission.deleteMany({}));

  const good = { 'fig_so-vu-viec': '1.234', 'fig_kinh-phi': '12,5', 'fig_ty-le': '105', 'fig_ghi-chu': 'Hoàn thành tốt' };

  it('the page has one labelled input per figure', async () => {
    const body = (await p.app.inject(`/r/${t}`)).body;
    expect(body).toMatch(/<label for="fig_so-vu-viec">Số vụ việc \(vụ\)<\/label><br><input type="text" inputmode="numeric" id="fig_so-vu-viec" name="fig_so-vu-viec" value="" required>/);
    expect(body).toMatch(/inputmode="decimal" id="fig_kinh-phi"/);
    expect(body).toMatch(/id="fig_ghi-chu" name="fig_ghi-chu" value="" maxlength="1000" required/);
  });

  it('stores the figures with the file, shows them on the receipt, and offers them again for a new version', async () => {
    const res = await p.postMultipart(`/r/${t}`, [
      { name: 'submissionId', value: randomUUID() },
      ...Object.entries(good).map(([name, value]) => ({ name, value })),
      { name: FILE_FIELD, filename: 'bc.pdf', content: samples.pdf() },
    ]);
    // on failure, look at: res.body
    expect(res.statusCode).toBe(303);
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    expect(s.figures).toStrictEqual({ 'so-vu-viec': 1234, 'kinh-phi': 12.5, 'ty-le': 105, 'ghi-chu': 'Hoàn thành tốt' });
    const receipt = (await p.app.inject(res.headers.location as string)).body;
    expect(receipt).toMatch(/<tr data-figure="so-vu-viec"><th>Số vụ việc<\/th><td>1\.234 vụ<\/td><\/tr>/);
    expect(receipt).toMatch(/12,5 triệu đồng/);
    expect(receipt).toMatch(/105 %/);
    const again = (await p.app.inject(`/r/${t}`)).body;
    expect(again).toMatch(/name="fig_kinh-phi" value="12,5"/);
  });

  it('refuses bad figures with a message per field, keeps what was entered, and stores nothing', async () => {
    const res = await p.postForm(`/r/${t}`, { submissionId: randomUUID(), comment: 'Báo cáo <b>năm</b>', 'fig_so-vu-viec': '12,5', 'fig_kinh-phi': 'mười', 'fig_ty-le': '', 'fig_ghi-chu': 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Vui lòng kiểm tra các số liệu được đánh dấu/);
    expect(res.body).toMatch(/aria-invalid="true" aria-describedby="fig_so-vu-viec-error"/);
    expect(res.body).toMatch(/<span class="bad" id="fig_so-vu-viec-error">Số vụ việc: phải là số nguyên/);
    expect(res.body).toMatch(/Kinh phí: &quot;mười&quot; không phải là số không âm/);
    expect(res.body).toMatch(/Tỷ lệ hoàn thành: vui lòng nhập số/);
    // entered values kept
    expect(res.body).toMatch(/name="fig_kinh-phi" value="mười"/);
    // the comment kept, escaped
    expect(res.body).toMatch(/Báo cáo &lt;b&gt;năm&lt;\/b&gt;<\/textarea>/);
    expect(await p.db.prisma.submission.count()).toBe(0);
  });

  it('a multipart post with bad figures stores neither the row nor the file', async () => {
    const res = await p.postMultipart(`/r/${t}`, [
      { name: 'submissionId', value: randomUUID() },
      ...Object.entries({ ...good, 'fig_so-vu-viec': '-1' }).map(([name, value]) => ({ name, value })),
      { name: FILE_FIELD, filename: 'bc.pdf', content: samples.pdf('bad figures') },
    ]);
    expect(res.statusCode).toBe(400);
    expect(await p.db.prisma.submission.count()).toBe(0);
    const h = createHash('sha256').update(samples.pdf('bad figures')).digest('hex');
    const files = await filesUnder(p.uploadsRoot);
    // on failure, look at: files.join(', ')
    expect(!files.some((f) => f.includes('.incoming') || f.endsWith(h.slice(2)))).toBeTruthy();
  });
});

describe('nothing to report', () => {
  let p: Portal;
  let t: string;
  beforeAll(async () => {
    p = await startPortal({ figures: FIGURES });
    t = await p.token(OBLIGATION.yTe);
  });
  afterAll(() => p.close());

  it('requires a reason, then records the confirmation with its own status and receipt (no figures asked)', async () => {
    const empty = await p.postForm(`/r/${t}`, { submissionId: randomUUID(), kind: 'nothing', comment: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/Vui lòng ghi lý do không có nội dung báo cáo/);
    expect(await p.db.prisma.submission.count()).toBe(0);

    const res = await p.postForm(`/r/${t}`, { submissionId: randomUUID(), kind: 'nothing', comment: 'Kỳ này không phát sinh' });
    expect(res.statusCode).toBe(303);
    const s = await p.db.prisma.submission.findFirstOrThrow({});
    expect(s.kind).toBe('nothing');
    expect((await p.db.prisma.obligation.findUniqueOrThrow({ where: { id: OBLIGATION.yTe } })).status).toBe('nothing_to_report');
    expect(p.delivered.at(-1)![1].kind).toBe('nothing');
    const receipt = (await p.app.inject(res.headers.location as string)).body;
    expect(receipt).toMatch(/không có nội dung báo cáo/);
    expect(receipt).toMatch(/Kỳ này không phát sinh/);
  });
});
