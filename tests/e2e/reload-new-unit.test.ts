// Issue 15: a unit added to a plan whose cycle is already open (the plan loaded again) is covered from
// then on. On the time-skipping server: the cycle opens with three units and sends its first reminder;
// the plan is loaded again with a fourth unit; openCycles finds the cycle running and starts the new
// unit's obligation workflow as the fan-out would. The new unit gets the reminder it missed (collapsed
// into one, as for any late start) and then the next one at its instant; the three others get nothing
// twice. The same, seen from the units, on the waves design: no workflow per unit, the cycle's waves
// read the new unit from the database, and a wave at the reload gives it the reminder it missed.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { parse, stringify } from 'yaml';
import { addDays } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { openCycles } from '../../temporal/open-cycles.ts';
import { waveState } from '../../workflows/messages.ts';
import { CAO_LOC, NOI_VU, threeUnitPlan, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const TU_PHAP = 'giang@tuphap.test.dondoc.invalid';
const REMINDER = 'Nhắc nộp báo cáo';
const kind = (m: CaughtMail) => m.subject.match(/^\[([^\]]+)\]/)?.[1];
const remindersTo = (all: CaughtMail[], addr: string) => all.filter((m) => kind(m) === REMINDER && m.to.includes(addr));

/** The same plan file with one more unit, as an office would load it again. */
function withFourthUnit(source: string) {
  const doc = parse(source) as { units: unknown[] };
  doc.units.push({ code: 'so-tu-phap', name: 'Sở Tư pháp', kind: 'department', focalPersons: [{ name: 'Chị Giang', email: TU_PHAP }] });
  const text = stringify(doc);
  const r = parsePlan(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source: text };
}

describe('a plan loaded again with one more unit while its cycle runs', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let today: string;
  let lastDay: string;

  beforeAll(async () => {
    // The per-unit design, pinned: this describe asserts its internals (the new unit's obligation workflow
    // and its search attributes); the one below asserts what the unit gets on the default (waves) design.
    ({ stack, cycle, today, lastDay } = await startStackWithCycle('reload', 'reload-2026', { design: 'per-unit' }));
  });
  afterAll(() => stack?.close());

  it("starts the new unit's workflow: its reminders from then on, no second reminder to the others", async () => {
    const { catcher, db, env, skipTo } = stack;
    const now = async () => new Date(await env.currentTimeMs());
    const [r1, r2] = cycle.timeline.reminders;
    await stack.worker.runUntil(async () => {
      const first = await openCycles(stack.dondoc, [cycle], await now());
      expect(first).toStrictEqual({ started: [cycle.cycleId], scheduled: [] });
      await skipTo(r1!.at);
      await catcher.waitFor((all) => all.filter((m) => kind(m) === REMINDER).length === 3);

      // The same plan, one unit more (built as startStackWithCycle built it: same dates).
      const dueDate = addDays(lastDay, 1);
      const { plan, source } = withFourthUnit(threeUnitPlan({ id: 'reload-2026', dueDate, opensOn: today }).source);
      const [again] = await savePlan(db.prisma, plan, source);
      const added = again!.obligationIds.find((o) => o.endsWith('/so-tu-phap'))!;
      expect(again!.obligationIds.length).toBe(4);
      expect(again!.design).toBe('per-unit');
      const second = await openCycles(stack.dondoc, [again!], await now());
      expect(second).toStrictEqual({ started: [cycle.cycleId], scheduled: [] });

      // Its workflow exists, under the fixed ID, with the search attributes the fan-out gives.
      const d = await env.client.workflow.getHandle(added).describe();
      expect({ type: d.type, status: d.status.name, unit: d.searchAttributes.DondocUnit }).toStrictEqual({ type: 'obligationWorkflow', status: 'RUNNING', unit: ['so-tu-phap'] });
      // The first reminder it missed comes at once, collapsed into one ("7 days left").
      const caught = await catcher.waitFor((all) => remindersTo(all, TU_PHAP).length === 1);
      expect(remindersTo(caught, TU_PHAP)[0]!.text).toMatch(/còn 7 ngày/);

      // Loading it a third time starts nothing more (the four run already).
      await openCycles(stack.dondoc, [again!], await now());
      // A cycle of the waves design needs no workflow per unit: an obligation it has gets none from here.
      const waves: StoredCycle = { ...again!, design: 'waves', obligationIds: [...again!.obligationIds, 'reload-2026/2026-annual/so-khac'] };
      await openCycles(stack.dondoc, [waves], await now());
      await expect(env.client.workflow.getHandle('reload-2026/2026-annual/so-khac').describe()).rejects.toThrow(WorkflowNotFoundError);

      // At the next instant: one reminder to each of the four, the new unit included.
      await skipTo(r2!.at);
      const after = await catcher.waitFor((all) => all.filter((m) => kind(m) === REMINDER).length >= 8);
      const late = remindersTo(after, TU_PHAP);
      expect(late.length).toBe(2);
      expect(late[1]!.text).toMatch(/còn 3 ngày/);
    });

    // No unit got a reminder twice: the three got the first and the second, once each.
    const all = catcher.messages();
    for (const addr of [NOI_VU, Y_TE, CAO_LOC]) {
      const texts = remindersTo(all, addr).map((m) => (m.text.match(/còn \d+ ngày/) ?? [''])[0]);
      expect({ addr, texts }).toStrictEqual({ addr, texts: ['còn 7 ngày', 'còn 3 ngày'] });
    }
    expect(remindersTo(all, TU_PHAP).length).toBe(2);
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
  });
});

describe('a plan loaded again with one more unit while its waves cycle runs', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let today: string;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, today, lastDay } = await startStackWithCycle('reload-waves', 'reloadw-2026'));
  });
  afterAll(() => stack?.close());

  it('covers the new unit from the database: the reminder it missed at once, the next at its instant, none twice', async () => {
    const { catcher, db, env, skipTo } = stack;
    const now = async () => new Date(await env.currentTimeMs());
    const [r1, r2] = cycle.timeline.reminders;
    await stack.worker.runUntil(async () => {
      expect(await openCycles(stack.dondoc, [cycle], await now())).toStrictEqual({ started: [cycle.cycleId], scheduled: [] });
      const handle = stack.env.client.workflow.getHandle(cycle.cycleId);
      expect((await handle.describe()).type).toBe('waveCycleWorkflow');
      await skipTo(r1!.at);
      await catcher.waitFor((all) => all.filter((m) => kind(m) === REMINDER).length === 3);

      const { plan, source } = withFourthUnit(threeUnitPlan({ id: 'reloadw-2026', dueDate: addDays(lastDay, 1), opensOn: today }).source);
      const [again] = await savePlan(db.prisma, plan, source);
      const added = again!.obligationIds.find((o) => o.endsWith('/so-tu-phap'))!;
      expect({ units: again!.obligationIds.length, design: again!.design }).toStrictEqual({ units: 4, design: 'waves' });
      expect(await openCycles(stack.dondoc, [again!], await now())).toStrictEqual({ started: [cycle.cycleId], scheduled: [] });

      // The reminder it missed comes at once, collapsed into one ("7 days left"), from the cycle's wave.
      const caught = await catcher.waitFor((all) => remindersTo(all, TU_PHAP).length === 1);
      expect(remindersTo(caught, TU_PHAP)[0]!.text).toMatch(/còn 7 ngày/);
      // No workflow of its own: nothing particular happened to it.
      await expect(env.client.workflow.getHandle(added).describe()).rejects.toThrow(WorkflowNotFoundError);

      await skipTo(r2!.at);
      const after = await catcher.waitFor((all) => all.filter((m) => kind(m) === REMINDER).length >= 8);
      const late = remindersTo(after, TU_PHAP);
      expect(late.length).toBe(2);
      expect(late[1]!.text).toMatch(/còn 3 ngày/);
      // The waves: the first (three), the one at the reload (the new unit only), the second (four).
      const state = await handle.query(waveState);
      expect(state.waves.map((w) => w.reminders.sent)).toStrictEqual([3, 1, 4]);
    });

    const all = catcher.messages();
    for (const addr of [NOI_VU, Y_TE, CAO_LOC]) {
      const texts = remindersTo(all, addr).map((m) => (m.text.match(/còn \d+ ngày/) ?? [''])[0]);
      expect({ addr, texts }).toStrictEqual({ addr, texts: ['còn 7 ngày', 'còn 3 ngày'] });
    }
    expect(remindersTo(all, TU_PHAP).length).toBe(2);
    expect(new Set(all.map((m) => m.messageId)).size).toBe(all.length);
  });
});
