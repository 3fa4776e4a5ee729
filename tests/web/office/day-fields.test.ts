// The office's day fields (extend one unit, extend the whole cycle): dd/mm/yyyy typed in a text field
// reaches the engine as the calendar day, yyyy-mm-dd still works, and an impossible day (31/02/2026)
// comes back with a bilingual message in the form as it was typed, the engine never asked. Every page
// that shows a day shows its weekday too. The engine is a recording stand-in (tests/e2e run the real one).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { OfficeActionRefused, type OfficeEngine } from '../../../temporal/office-actions.ts';
import { OBLIGATION, startPortal, type Portal } from '../../helpers/portal.ts';

const CYCLE = '/cycles/test-2026/2026-annual';
const UNIT = `${CYCLE}/units/so-noi-vu`;

describe('office day fields', () => {
  let p: Portal;
  const calls: { what: string; id: string; lastDay: string; reason: string }[] = [];

  beforeAll(async () => {
    p = await startPortal({
      office: {
        async extend(id: string, lastDay: string, reason: string) {
          // the engine's own rule (workflows/obligation.ts), on the fixture's last day 04/12/2026
          if (lastDay <= '2026-12-04') throw new OfficeActionRefused('Hạn mới phải sau hạn hiện tại / the new deadline must be later than the current one');
          calls.push({ what: 'extend', id, lastDay, reason });
        },
        async extendAll(id: string, lastDay: string, reason: string) {
          calls.push({ what: 'extendAll', id, lastDay, reason });
          return { signalled: 3, ended: 0, extended: 3 };
        },
      } as unknown as OfficeEngine,
    });
  });
  afterAll(() => p.close());
  beforeEach(async () => {
    calls.length = 0;
    await p.db.prisma.auditEvent.deleteMany({});
  });

  it('the unit page and the cycle page offer dd/mm/yyyy text fields, never a date input', async () => {
    for (const url of [UNIT, CYCLE]) {
      const body = (await p.officeGet(url)).body;
      expect(body).not.toMatch(/type="date"/);
      expect(body).toMatch(/<input type="text" name="lastDay" value="" placeholder="dd\/mm\/yyyy" pattern="[^"]+" title="[^"]+" inputmode="numeric"[^>]* required data-day/);
      // the current last day, with its weekday, as the lower bound
      expect(body).toContain('<span class="vi">dd/mm/yyyy, sau Thứ Sáu, 04/12/2026</span> <span class="en">dd/mm/yyyy, after Friday, 04/12/2026</span>');
    }
  });

  for (const [typed, day] of [
    ['05/06/2027', '2027-06-05'],
    ['5/1/2027', '2027-01-05'],
    ['2026-12-20', '2026-12-20'],
  ] as const) {
    it(`extending one unit to ${typed} asks the engine for ${day}`, async () => {
      const res = await p.postForm(`${UNIT}/extend`, { lastDay: typed, reason: 'Chờ số liệu' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`${UNIT}?done=extended`);
      expect(calls).toEqual([{ what: 'extend', id: OBLIGATION.noiVu, lastDay: day, reason: 'Chờ số liệu' }]);
      // the audit log keeps the calendar day, not what was typed
      const audit = await p.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'extend' } });
      expect(audit.detail).toMatchObject({ lastDay: day });
    });

    it(`extending the whole cycle to ${typed} asks the engine for ${day}`, async () => {
      const res = await p.postForm(`${CYCLE}/extend-all`, { lastDay: typed, reason: 'Mưa lũ' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/Đã gia hạn cho 3 đơn vị chưa nộp/);
      expect(calls).toEqual([{ what: 'extendAll', id: 'test-2026/2026-annual', lastDay: day, reason: 'Mưa lũ' }]);
    });
  }

  for (const [typed, vi, en] of [
    ['31/02/2026', /Không có ngày 31\/02\/2026 trong lịch; vui lòng kiểm tra lại/, /There is no day 31\/02\/2026 in the calendar/],
    ['12/31/2026', /Không có ngày 12\/31\/2026 trong lịch/, /day first, then month: dd\/mm\/yyyy/],
    ['mai', /&quot;mai&quot; không phải là một ngày/, /&quot;mai&quot; is not a day; please enter it as dd\/mm\/yyyy/],
  ] as const) {
    it(`one unit: ${typed} is refused with the form kept as typed`, async () => {
      const res = await p.postForm(`${UNIT}/extend`, { lastDay: typed, reason: 'Chờ <số liệu>' });
      expect(res.statusCode).toBe(400);
      const alert = /<div class="error" role="alert">([\s\S]*?)<\/div>/.exec(res.body)?.[1] ?? '';
      expect(alert).toMatch(vi);
      expect(alert).toMatch(en);
      // the unit's page, its extension form open with what was typed (escaped)
      expect(res.body).toMatch(/<h1>Sở Nội vụ<\/h1>/);
      expect(res.body).toMatch(/<details class="card" id="extend" open>/);
      expect(res.body).toContain(`name="lastDay" value="${typed}"`);
      expect(res.body).toMatch(/aria-invalid="true"/);
      expect(res.body).toContain('value="Chờ &lt;số liệu&gt;"');
      expect(calls).toEqual([]);
    });

    it(`whole cycle: ${typed} is refused with the form kept as typed`, async () => {
      const res = await p.postForm(`${CYCLE}/extend-all`, { lastDay: typed, reason: 'Mưa lũ' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(vi);
      expect(res.body).toMatch(/<details class="card" id="extend-all" open>/);
      expect(res.body).toContain(`name="lastDay" value="${typed}"`);
      expect(res.body).toContain('value="Mưa lũ"');
      expect(res.body).toMatch(/action="\/cycles\/test-2026\/2026-annual\/extend-all"/);
      expect(calls).toEqual([]);
    });
  }

  it('a form wrong for another reason (no reason given) keeps the typed day and says what it always said', async () => {
    const res = await p.postForm(`${UNIT}/extend`, { lastDay: '05/06/2027', reason: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Thông tin chưa đầy đủ hoặc không hợp lệ/);
    expect(res.body).toContain('name="lastDay" value="05/06/2027"');
    expect(res.body).not.toMatch(/aria-invalid/);
    expect(calls).toEqual([]);
  });

  it('a day the engine refuses comes back in the form, as dd/mm/yyyy, with the engine\'s reason', async () => {
    const res = await p.postForm(`${UNIT}/extend`, { lastDay: '2026-12-03', reason: 'Chờ số liệu' });
    expect(res.statusCode).toBe(409);
    expect(res.body).toMatch(/Hạn mới phải sau hạn hiện tại/);
    expect(res.body).toMatch(/<details class="card" id="extend" open>/);
    expect(res.body).toContain('name="lastDay" value="03/12/2026"');
    expect(res.body).toContain('value="Chờ số liệu"');
    expect(calls).toEqual([]);
  });

  it('other forms of the unit page are not taken for the extension form', async () => {
    const res = await p.postForm(`${UNIT}/exempt`, { reason: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Thông tin chưa đầy đủ/);
    expect(res.body).not.toMatch(/<details class="card" id="extend" open>/);
  });

  it('pages show days with their weekday, Vietnamese first, English beside it', async () => {
    const both = '<span class="vi">Thứ Sáu, 04/12/2026</span> <span class="en">Friday, 04/12/2026</span>';
    const pages = {
      plans: (await p.officeGet('/')).body,
      dashboard: (await p.officeGet(CYCLE)).body,
      unit: (await p.officeGet(UNIT)).body,
      rates: (await p.officeGet('/plans/test-2026/rates')).body,
    };
    for (const [name, body] of Object.entries(pages)) {
      // on failure, look at: `the ${name} page`
      expect([name, body.includes(both)]).toEqual([name, true]);
    }
    // the dashboard's rows too
    expect(pages.dashboard).toMatch(new RegExp(`<tr data-unit="so-noi-vu"[^>]*>.*<td>${both.replace(/\//g, '\\/')}</td>`));
    // The English switch shows only the English one.
    const english = await p.app.inject({ url: UNIT, headers: { cookie: `${p.officeSession}; dondoc_lang=en` } });
    expect(english.body).toMatch(/<html lang="en" class="lang-en">/);
  });
});
