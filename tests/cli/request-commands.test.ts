// `dondoc request create` as a person runs it (child processes), against a real SQLite database: every
// bad input refused with a clear bilingual message, exit code 2 and nothing stored; with Temporal down
// the request is stored and the command says to run it again (exit 3), which stores nothing twice; on
// the real Temporal dev server the request's cycle workflow starts, and a repeat starts nothing new.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { savePlan } from '../../db/plans.ts';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startDevServer, type DevServerEnv } from '../helpers/temporal.ts';
import { STACK_TRACE, dondoc } from './cli-runner.ts';
import { readCycleFigures } from '../../db/stored-json.ts';

jest.setTimeout(120_000);

const today = localDateAt(new Date());
const due = formatDate(addDays(today, 10)); // dd/mm/yyyy, as the office types it
const dueKey = addDays(today, 10).replaceAll('-', '');

describe('dondoc request create', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await freshDatabase();
    const doc = parse(threeUnitPlan({ id: 'cli-req', dueDate: addDays(today, 40), opensOn: today }).source) as Record<string, unknown>;
    doc.objectives = [{ number: 2, text: 'Mục tiêu 2', lead: 'so-y-te', indicators: [{ number: 1, lead: 'so-noi-vu' }] }];
    const source = stringify(doc);
    const r = parsePlan(source);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    await savePlan(db.prisma, r.plan, source);
    process.env.DATABASE_URL = db.url;
    process.env.TEMPORAL_ADDRESS = '127.0.0.1:1'; // nothing listens there
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.TEMPORAL_ADDRESS;
    delete process.env.TEMPORAL_NAMESPACE;
    await db?.close();
  });

  const oneOff = () => db.prisma.cycle.count({ where: { kind: 'one-off' } });
  const base = ['request', 'create', '--plan', 'cli-req', '--due', due];

  it('--help names every option and preset', async () => {
    const r = await dondoc('request', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--objective N\s+các đơn vị chủ trì mục tiêu N/);
    expect(r.stdout).toMatch(/work-plan: Kế hoạch công tác và dự toán kinh phí \/ Work plan with budget estimate/);
    expect((await dondoc('--help')).stdout).toMatch(/dondoc request create --plan PLAN/);
  });

  for (const [name, args, pattern] of [
    ['no units', [...base, '--title', 'A'], /give exactly one of --units, --kind, --objective/],
    ['two ways of picking units', [...base, '--title', 'A', '--units', 'so-y-te', '--kind', 'district'], /give exactly one of/],
    ['an empty unit list', [...base, '--title', 'A', '--units', ','], /units.codes: chưa chọn đơn vị nào \/ no unit chosen/],
    ['a missing --due', ['request', 'create', '--plan', 'cli-req', '--title', 'A', '--kind', 'district'], /--due dd\/mm\/yyyy is required/],
    ['a day that does not exist', ['request', 'create', '--plan', 'cli-req', '--title', 'A', '--kind', 'district', '--due', '31/02/2031'], /--due: Không có ngày 31\/02\/2031 trong lịch.* \/ There is no day 31\/02\/2031 in the calendar/],
    ['a last day in the past', ['request', 'create', '--plan', 'cli-req', '--title', 'A', '--kind', 'district', '--due', formatDate(addDays(today, -1))], /nothing was stored:\n {2}- .*the last day is in the past/],
    ['a last day before the opening', [...base, '--title', 'A', '--kind', 'district', '--opens', formatDate(addDays(today, 11))], /the last day comes before the opening day/],
    ['an unknown unit code', [...base, '--title', 'A', '--units', 'so-y-te,so-khong-co'], /unknown unit code\(s\): so-khong-co/],
    ['an unknown objective', [...base, '--title', 'A', '--objective', '9'], /the plan has no objective 9/],
    ['an unknown kind', [...base, '--title', 'A', '--kind', 'province'], /loại đơn vị không hợp lệ \/ not a unit kind/],
    ['an unknown plan', ['request', 'create', '--plan', 'khong-co', '--due', due, '--title', 'A', '--kind', 'district'], /no plan "khong-co"/],
    ['an unknown preset', [...base, '--kind', 'district', '--preset', 'bao-cao'], /--preset: inspection\|objective\|work-plan\|ad-hoc/],
    ['a bad figure', [...base, '--title', 'A', '--kind', 'district', '--figure', 'tien:Tiền:đồng:money'], /the type must be integer\|number\|percent\|text/],
    ['no title and no preset', [...base, '--kind', 'district'], /title: không được để trống \/ must not be empty/],
    ['an unknown option', [...base, '--title', 'A', '--kind', 'district', '--colour', 'red'], /Unknown option '--colour'/],
  ] as const) {
    it(`refuses ${name}: exit 2, a clear message, nothing stored`, async () => {
      const r = await dondoc(...args);
      // on failure, look at: `${r.stdout}\n${r.stderr}`
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(await oneOff()).toBe(0);
    });
  }

  it('with Temporal down: stored, audited with --by, exit 3 saying to run it again; again stores nothing new', async () => {
    const args = [...base, '--objective', '2', '--preset', 'objective', '--by', 'chi.an@office', '--figure', 'so-hoat-dong:Số hoạt động:hoạt động:integer'];
    const first = await dondoc(...args);
    expect(first.code).toBe(3);
    expect(first.stderr).toMatch(new RegExp(`Đã tạo yêu cầu / created cli-req/req-${dueKey}-bao-cao-ket-qua-thuc-hien-muc-tieu-2-nam-\\d{4}: 2 đơn vị / units`));
    expect(first.stderr).toMatch(/run the same command again when it is up/);
    const c = await db.prisma.cycle.findFirstOrThrow({ where: { kind: 'one-off' }, include: { obligations: { include: { unit: true } } } });
    expect(c.title).toMatch(/^Báo cáo kết quả thực hiện Mục tiêu 2 năm \d{4}$/); // the preset's title
    expect(c.figures).toStrictEqual([{ key: 'so-hoat-dong', name: 'Số hoạt động', unit: 'hoạt động', type: 'integer' }]); // --figure replaces the preset's
    expect(c.obligations.map((o) => o.unit.code).sort()).toStrictEqual(['so-noi-vu', 'so-y-te']);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'request_create', target: c.id } });
    expect(audit.actor).toBe('cli');
    expect(audit.detail).toMatchObject({ by: 'chi.an@office', created: true, units: 2, selection: { by: 'objective', number: 2 } });

    const again = await dondoc(...args);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already stored, not created again/);
    expect(await oneOff()).toBe(1);
    expect(await db.prisma.obligation.count({ where: { cycleId: c.id } })).toBe(2);
    // Another request under the same key (other units) is a duplicate.
    const dup = await dondoc(...base, '--title', c.title, '--units', 'so-y-te');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/choose another title/);
  });

  describe('on the Temporal dev server', () => {
    let server: DevServerEnv;
    beforeAll(async () => {
      server = await startDevServer();
      process.env.TEMPORAL_ADDRESS = server.env.address;
      process.env.TEMPORAL_NAMESPACE = server.namespace;
    });
    afterAll(async () => {
      process.env.TEMPORAL_ADDRESS = '127.0.0.1:1';
      await server?.env.teardown();
    });

    it('starts the request\'s cycle workflow at once; the same command again starts nothing new', async () => {
      const r = await dondoc(...base, '--kind', 'district', '--preset', 'work-plan');
      // on failure, look at: `${r.stdout}\n${r.stderr}`
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Đã gửi cho các đơn vị \/ opened now/);
      const id = `cli-req/req-${dueKey}-ke-hoach-cong-tac-nam-${Number(today.slice(0, 4)) + 1}-va-du-toan-kinh-phi`;
      expect(r.stdout).toContain(`created ${id}: 1 đơn vị / units`);
      const handle = server.env.client.workflow.getHandle(id);
      const first = await handle.describe();
      // on the configured design (DONDOC_CYCLE_DESIGN's default, waves), recorded on the cycle
      expect(first.type).toBe('waveCycleWorkflow');
      const c = await db.prisma.cycle.findUniqueOrThrow({ where: { id } });
      expect(c.design).toBe('waves');
      expect(readCycleFigures(c.figures).map((f) => [f.unit, f.type])).toStrictEqual([['đồng', 'integer'], ['đồng', 'integer'], ['đồng', 'integer']]);

      const again = await dondoc(...base, '--kind', 'district', '--preset', 'work-plan');
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already stored, not created again/);
      expect((await handle.describe()).runId).toBe(first.runId);
      await handle.terminate('test over');
    });
  });
});
