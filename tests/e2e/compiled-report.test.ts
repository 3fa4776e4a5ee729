// Issue 14 "Done when", end to end on the time-skipping server (real worker, web app on a real port,
// real SMTP catcher, real SQLite): the office imports a Quảng Ninh plan from the web, its 6-month cycle
// runs through the engine; three units report their indicator figures through the links in their
// reminders (one split by sex, one sent as an estimate), the task's lead unit reports its status through
// the link in its task reminder, the fourth unit never reports and is escalated; the office asks for the
// official value replacing the estimate by a one-off request; then the compiled report (opened by
// python-docx) holds the three values against their targets (the official one, not marked as an
// estimate), the task with its status, the units' texts grouped by the objectives they lead and the
// missing unit, and the chasing dispatch
// names that unit.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { storedCycles, type StoredCycle } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { taskReminderAt } from '../../domain/task-reminders.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { createTestUser, TEST_PASSWORD } from '../helpers/auth.ts';
import { csrfOf, withSetCookies } from '../helpers/csrf.ts';
import { expectTruthy } from '../helpers/expect.ts';
import { browserSession, personalLink, submitThroughLink } from '../helpers/http.ts';
import { readDocx, tables } from '../helpers/read-docx.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

jest.setTimeout(240_000);

const PLAN = 'quangninh-e2e';
const REPORTING = ['so-noi-vu', 'so-ldtbxh', 'so-y-te', 'so-tu-phap'];
const mail = (code: string) => `${code}@quangninh.dondoc.invalid`;
const LDTBXH = 'Sở Lao động, Thương binh và Xã hội';
const TASK_TITLE = 'Tổ chức tập huấn nghiệp vụ cho cán bộ, công chức, viên chức làm công tác bình đẳng giới và sự tiến bộ của phụ nữ ở các cấp, các ngành';

/**
 * plans/quangninh-2011-2015.yaml with its units, committee, reminder policy, objectives, indicators and
 * targets as they are, reduced and moved to the test's clock: one 6-month cycle opening today for four
 * of its units, with a data period around today; one task; indicator 2.1 split by sex.
 */
async function quangNinhCopy(today: string, taskDue: string): Promise<string> {
  const doc = parse(await fs.readFile(path.join(import.meta.dirname, '../../plans/quangninh-2011-2015.yaml'), 'utf8')) as Record<string, unknown> & {
    objectives: { number: number; indicators: { number: number; bySex?: boolean }[] }[];
  };
  const year = Number(today.slice(0, 4));
  doc.id = PLAN;
  doc.period = { from: year, to: year + 4 };
  doc.cycles = [
    {
      key: `${year}-6-thang`,
      kind: 'semiannual',
      title: 'Báo cáo 6 tháng thực hiện Kế hoạch hành động về bình đẳng giới',
      due: { date: addDays(today, 12), rule: 'before' },
      opensOn: today,
      units: REPORTING,
      dataPeriod: { from: addDays(today, -180), to: addDays(today, 20) },
    },
  ];
  // Quảng Ninh's plan lists no tasks (its activities are written per objective, with no period): this one
  // is indicator 7.4's yearly training, given a period so that its lead unit is reminded in the cycle.
  doc.tasks = [{ ref: 'IV.1', title: TASK_TITLE, lead: 'so-ldtbxh', coordinating: ['hoi-lhpn'], due: taskDue }];
  // Indicator 2.1 ("ít nhất tỷ lệ 45% cho mỗi giới (nam và nữ)" of new jobs) is asked by sex with a
  // per-sex target by the plan file itself (each sex's share, the total being all new jobs, 100%).
  return stringify(doc);
}

const subject = (prefix: string) => (m: CaughtMail) => m.subject.startsWith(prefix);

describe('a Quảng Ninh cycle to the compiled report', () => {
  let stack: Stack;
  let today: string;
  beforeAll(async () => {
    stack = await startStack('compiled-report');
    today = localDateAt(new Date(await stack.env.currentTimeMs()));
  });
  afterAll(() => stack?.close());

  it('figures, an estimate replaced, a task status and a missing unit reach the report and the dispatch', async () => {
    const { catcher, db } = stack;
    const year = today.slice(0, 4);
    const key = `${year}-6-thang`;
    const taskDue = formatDate(addDays(today, 16));
    const source = await quangNinhCopy(today, taskDue);
    const parsed = parsePlan(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const policy = parsed.plan.reminders; // Quảng Ninh's own: working days only, at 08:00
    const user = await createTestUser(db.prisma, 'office', { plans: [] });
    const office = browserSession(stack.publicUrl);
    // Signed in again after each skip of days: a session ends 12 hours after sign-in.
    const signIn = async () => expect((await office.post('/signin', { email: user.email, password: TEST_PASSWORD }, '/signin')).status).toBe(303);
    await signIn();
    const officeFetch = (url: string, init: RequestInit = {}) => fetch(new URL(url, stack.publicUrl), { ...init, headers: { ...init.headers, cookie: office.cookie() }, redirect: 'manual' });

    let cycle!: StoredCycle;
    let sent = ''; // the day the three units reported (dd/mm/yyyy)
    await stack.worker.runUntil(async () => {
      // The office imports the plan file from the web: stored, its cycle opened and its task followed.
      const form = new FormData();
      form.set('_csrf', csrfOf((await office.get('/plans/import')).body) ?? '');
      form.set('plan', new Blob([source], { type: 'text/yaml' }), 'quangninh.yaml');
      const imported = await officeFetch('/plans/import', { method: 'POST', body: form });
      const importedPage = await imported.text();
      // on failure, look at: importedPage
      expect(imported.status).toBe(200);
      expect(importedPage).toContain('Mở ngay: 1 kỳ');
      cycle = (await storedCycles(db.prisma, PLAN)).find((c) => c.cycleKey === key)!;
      expect(cycle.obligationIds.length).toBe(4);

      // Each of the four units gets its reminder with its personal link.
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      const reminders = await catcher.waitFor((all) => REPORTING.every((c) => all.some((m) => subject('[Nhắc nộp báo cáo]')(m) && m.to.includes(mail(c)))));
      sent = formatDate(new Date(await stack.env.currentTimeMs()));
      const link = (code: string) => personalLink(reminders.find((m) => subject('[Nhắc nộp báo cáo]')(m) && m.to.includes(mail(code)))!);

      // Sở Nội vụ: indicator 1.1 as an estimate. Its page asks for the indicators it leads.
      const noiVuPage = await (await fetch(link('so-noi-vu'))).text();
      expect(noiVuPage).toContain('name="ind_ct-1-1_estimate"');
      await submitThroughLink(link('so-noi-vu'), 'Sở Nội vụ: ước thực hiện 6 tháng, 75% cơ quan có lãnh đạo là nữ.', { 'ind_ct-1-1': '75', 'ind_ct-1-1_estimate': 'on' });
      // Sở Lao động: indicator 2.1 by sex (a total that does not add up is refused first, nothing stored).
      const wrong = await submitRaw(link('so-ldtbxh'), { comment: 'x', 'ind_ct-2-1_female': '46', 'ind_ct-2-1_male': '54', 'ind_ct-2-1': '90' });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('tổng (90) phải bằng nữ + nam (46 + 54 = 100)');
      await submitThroughLink(link('so-ldtbxh'), 'Sở Lao động: 6 tháng tạo việc làm mới cho 12.400 lao động.', { 'ind_ct-2-1_female': '46', 'ind_ct-2-1_male': '54', 'ind_ct-2-1': '100' });
      // Sở Y tế: indicator 4.2 (at most 113), above its ceiling.
      await submitThroughLink(link('so-y-te'), 'Sở Y tế: tỷ số giới tính khi sinh còn cao.', { 'ind_ct-4-2': '114,2' });
      expect(await db.prisma.indicatorFigure.count()).toBe(3);

      // The task's lead unit is reminded 7 days before the task's period ends, with its task link.
      await stack.skipTo(taskReminderAt(addDays(today, 16), policy));
      const taskMail = (await catcher.waitFor((all) => all.some(subject('[Nhắc thực hiện nhiệm vụ]')))).find(subject('[Nhắc thực hiện nhiệm vụ]'))!;
      expect(taskMail.to).toStrictEqual([mail('so-ldtbxh')]);
      const taskLink = taskMail.text.match(/https?:\/\/\S+\/t\/[A-Za-z0-9_-]{43}/)?.[0];
      expectTruthy(taskLink);
      await reportTask(taskLink, 'in_progress', 'Đã tập huấn 2 lớp, còn 1 lớp cấp huyện');

      // Sở Tư pháp never reports: overdue, then on the committee's escalation.
      await stack.skipTo(cycle.timeline.escalationAt);
      const escalation = (await catcher.waitFor((all) => all.some(subject('[Báo cáo Thường trực Ban]')))).find(subject('[Báo cáo Thường trực Ban]'))!;
      expect(escalation.text).toContain('Sở Tư pháp');
      expect(escalation.text).not.toContain('Sở Nội vụ');

      // The official value of 1.1, asked by a one-off request to Sở Nội vụ, replaces the estimate.
      await signIn();
      const now = localDateAt(new Date(await stack.env.currentTimeMs()));
      const title = 'Số liệu chính thức 6 tháng về bình đẳng giới';
      const created = await office.post(`/plans/${PLAN}/requests`, { title, by: 'units', codes: ['so-noi-vu'], lastDay: formatDate(addDays(now, 5)), figures: '' }, `/plans/${PLAN}/requests/new`);
      // on failure, look at: created.body
      expect(created.status).toBe(303);
      const requestMail = (await catcher.waitFor((all) => all.some((m) => m.subject.includes(title) && m.to.includes(mail('so-noi-vu'))))).find((m) => m.subject.includes(title))!;
      const requestPage = await (await fetch(personalLink(requestMail))).text();
      expect(requestPage).toContain(`name="ind_ct-1-1__${key}"`);
      await submitThroughLink(personalLink(requestMail), 'Sở Nội vụ gửi số liệu chính thức 6 tháng.', { [`ind_ct-1-1__${key}`]: '82' });
    });

    // Both values of 1.1 are kept, each with who sent it and when; the office's table shows the
    // official one and the estimate it replaced.
    const figures = await db.prisma.indicatorFigure.findMany({ where: { indicatorId: `${PLAN}/ct-1-1` }, orderBy: { reportedAt: 'asc' } });
    expect(figures.map((f) => [f.cycleId, f.value, f.estimate, f.reportedBy])).toStrictEqual([[cycle.cycleId, 75, true, 'Sở Nội vụ'], [cycle.cycleId, 82, false, 'Sở Nội vụ']]);
    expect(figures[1]!.askedInCycleId).not.toBe(cycle.cycleId); // asked by the one-off request
    const table = await office.get(`/cycles/${PLAN}/${key}/indicators`);
    expect(table.body).toMatch(/<tr data-indicator="1\.1" data-result="met">[^]*?82 %[^]*?thay ước thực hiện 75 \(Sở Nội vụ,/);

    // The compiled report, as the office downloads it.
    const base = `/reports/${PLAN}/${key}`;
    const res = await officeFetch(`${base}/report.docx`);
    expect(res.status).toBe(200);
    const v = await readDocx(new Uint8Array(await res.arrayBuffer()));
    expect(v.text).toContain('Số đơn vị đã báo cáo: 3/4, đạt tỷ lệ 75%');
    const indicators = tables(v).find((t) => t[0]![1] === 'Chỉ tiêu' && t[0]![2] === 'Mục tiêu kế hoạch')!;
    const row = (start: string) => {
      const r = indicators.find((cells) => cells[1]!.startsWith(start));
      expectTruthy(r);
      return r.slice(2);
    };
    // [target, value, result, lead unit]
    expect(row('1. Phấn đấu đến năm 2015 có 80% Sở')).toStrictEqual(['Tối thiểu 80% (năm 2015)', '82%', 'Đạt', 'Sở Nội vụ']);
    expect(row('1. Hằng năm, trong tổng số người được tạo việc làm mới')).toStrictEqual(['Tối thiểu 45% mỗi giới', 'nữ 46%, nam 54% (mỗi giới; tổng 100%)', 'Đạt', LDTBXH]);
    expect(row('2. Tỷ số giới tính khi sinh')).toStrictEqual(['Tối đa 113 trẻ sơ sinh trai/100 trẻ sơ sinh gái (năm 2015)', '114,2 trẻ sơ sinh trai/100 trẻ sơ sinh gái', 'Chưa đạt', 'Sở Y tế']);
    expect(row('3. Đến năm 2015, đạt 97%')).toStrictEqual(['Tối thiểu 97% (năm 2015)', '—', 'Chưa có số liệu', 'Sở Giáo dục và Đào tạo']);
    // All 26 of the plan's indicators, under their 7 objectives; no value left marked as an estimate.
    expect(indicators.filter((r) => /^\d+\. /.test(r[1] ?? '')).length).toBe(26);
    expect(indicators.filter((r) => r[1]?.startsWith('Mục tiêu ')).length).toBe(7);
    expect(indicators.some((r) => r.some((c) => c.includes('(ước)')))).toBe(false);

    const tasks = tables(v).find((t) => t[0]![1] === 'Nhiệm vụ')!;
    expect(tasks.slice(1)).toStrictEqual([['1', `IV.1. ${TASK_TITLE}`, LDTBXH, taskDue, expect.stringMatching(/^Đang thực hiện: Đã tập huấn 2 lớp, còn 1 lớp cấp huyện \(\d\d\/\d\d\/\d{4}\)$/)]]);
    for (const text of ['Sở Nội vụ: ước thực hiện 6 tháng', 'Sở Lao động: 6 tháng tạo việc làm mới cho 12.400 lao động.', 'Sở Y tế: tỷ số giới tính khi sinh còn cao.']) expect(v.text).toContain(text);
    const section = (title: string) => v.text.slice(v.text.indexOf(title));
    // Section IV by objective: under each objective the reporting units that lead it or one of its
    // indicators (in the dashboard's order, by name), the day each sent, then its text; a unit leading
    // several objectives gives its text once and points there from the others. Objective 5 (Sở TT&TT,
    // not asked in this cycle) has no entry; no unit here leads none, so there is no "other units".
    const see = (n: number, objective: number) => `Nội dung báo cáo của đơn vị: xem số ${n} \\(Mục tiêu ${objective}\\) ở trên\\.`;
    const ldtbxh = (n: number) => `${n}\\. ${LDTBXH} \\(gửi ngày ${sent}\\)`;
    expect(section('IV. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ')).toMatch(new RegExp([
      'IV\\. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ',
      'Mục tiêu 1: Tăng cường sự tham gia của phụ nữ[^\\n]*', `1\\. Sở Nội vụ \\(gửi ngày ${sent}\\)`, 'Sở Nội vụ: ước thực hiện 6 tháng, 75% cơ quan có lãnh đạo là nữ\\.',
      'Mục tiêu 2: Giảm khoảng cách giới[^\\n]*', ldtbxh(2), 'Sở Lao động: 6 tháng tạo việc làm mới cho 12\\.400 lao động\\.',
      'Mục tiêu 3: [^\\n]+', ldtbxh(3), see(2, 2), `4\\. Sở Nội vụ \\(gửi ngày ${sent}\\)`, see(1, 1),
      'Mục tiêu 4: [^\\n]+', `5\\. Sở Y tế \\(gửi ngày ${sent}\\)`, 'Sở Y tế: tỷ số giới tính khi sinh còn cao\\.',
      'Mục tiêu 6: [^\\n]+', ldtbxh(6), see(2, 2),
      'Mục tiêu 7: [^\\n]+', ldtbxh(7), see(2, 2),
      'V\\. ĐƠN VỊ CHƯA BÁO CÁO',
    ].join('\n')));
    expect(section('V. ĐƠN VỊ CHƯA BÁO CÁO')).toContain('1. Đơn vị chưa gửi báo cáo: 1 đơn vị');
    const missing = tables(v).find((t) => t[0]![4] === 'Tình trạng')!;
    expect(missing.slice(1).map((r) => [r[1], r[2], r[4]])).toStrictEqual([['Sở Tư pháp', formatDate(cycle.timeline.lastDay), 'Quá hạn, đã báo cáo Thường trực Ban']]);

    const dispatch = await officeFetch(`${base}/dispatch.docx?han=${formatDate(addDays(today, 30))}`);
    expect(dispatch.status).toBe(200);
    const d = await readDocx(new Uint8Array(await dispatch.arrayBuffer()));
    // One addressee, on the "Kính gửi" line; the cycle's title named once (not "báo cáo báo cáo").
    expect(d.text).toContain('Kính gửi: Sở Tư pháp.');
    expect(tables(d)[0]![0]![0]).toContain('V/v đôn đốc gửi báo cáo 6 tháng thực hiện Kế hoạch hành động về bình đẳng giới');
    expect(tables(d)[1]!.slice(1).map((r) => [r[1], r[2], r[3]])).toStrictEqual([['Sở Tư pháp', formatDate(cycle.timeline.lastDay), missing[1]![3]]]);
    expect(d.text).toContain(`trước ngày ${formatDate(addDays(today, 30))}`);
    for (const other of ['Sở Nội vụ', 'Sở Y tế']) expect(d.text).not.toContain(other);
  });
});

/** Posts the unit's form as its page would, and returns the answer (for a refused form). */
async function submitRaw(link: string, fields: Record<string, string>) {
  const page = await fetch(link);
  const body = await page.text();
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: withSetCookies('', page.headers.getSetCookie()) },
    body: new URLSearchParams({ _csrf: csrfOf(body) ?? '', submissionId: body.match(/name="submissionId" value="([0-9a-f-]{36})"/)?.[1] ?? '', ...fields }),
    redirect: 'manual',
  });
  return { status: res.status, body: await res.text() };
}

/** The lead unit's status on its task page (/t/TOKEN), posted as the page's form does. */
async function reportTask(link: string, status: string, note: string) {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const body = await page.text();
  const hidden = (name: string) => body.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1] ?? '';
  const res = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: withSetCookies('', page.headers.getSetCookie()) },
    body: new URLSearchParams({ _csrf: csrfOf(body) ?? '', reportId: hidden('reportId'), task: hidden('task'), status, note }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(await (await fetch(link)).text()).toContain(note);
}
