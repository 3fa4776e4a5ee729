// A cycle-wide extension (the province moved the deadline), on the time-skipping server: every unit
// still owing a report gets the new deadline by signal; one that already reported is left alone; no
// overdue notice or escalation at the old dates; the committee hears of the units that miss the new
// deadline, once, after it. The CLI refuses a deadline that is not later.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { OfficeActionRefused, extendCycle } from '../../temporal/office-actions.ts';
import { personalLink, submitThroughLink } from '../helpers/http.ts';
import { threeUnitPlan } from '../helpers/plans.ts';
import { startStack, type Stack } from '../helpers/stack.ts';

const NOI_VU = 'an@noivu.test.dondoc.invalid';
const Y_TE = 'binh@yte.test.dondoc.invalid';
const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';
const id = (unit: string) => `ext-2026/2026-annual/${unit}`;

describe('extending the deadline of a whole cycle', { timeout: 180_000 }, () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  before(async () => {
    stack = await startStack('cycle-ext');
    const today = localDateAt(new Date(await stack.env.currentTimeMs()));
    const { plan, source } = threeUnitPlan({ id: 'ext-2026', dueDate: addDays(today, 12), opensOn: today });
    lastDay = addDays(today, 11);
    cycle = (await savePlan(stack.db.prisma, plan, source))[0]!;
  });
  after(() => stack?.close());

  it('moves every pending unit to the new deadline and escalates only after it', async () => {
    const { catcher, db, dondoc } = stack;
    const kind = (k: string, addr?: string) => catcher.messages().filter((m) => m.subject.startsWith(`[${k}]`) && (!addr || m.to.includes(addr)));
    const newLastDay = addDays(lastDay, 7);
    await stack.worker.runUntil(async () => {
      const handle = await startCycle(dondoc, cycle);
      await stack.skipTo(cycle.timeline.reminders[0]!.at);
      await catcher.waitFor(() => kind('Nhắc nộp báo cáo').length === 3);
      const noiVu = kind('Nhắc nộp báo cáo', NOI_VU)[0]!;
      await submitThroughLink(personalLink(noiVu), 'Báo cáo của Sở Nội vụ');

      await assert.rejects(extendCycle(db.prisma, dondoc, cycle.cycleId, lastDay, 'x', 'office'), OfficeActionRefused, 'the same deadline is no extension');
      const r = await extendCycle(db.prisma, dondoc, cycle.cycleId, newLastDay, 'Chờ hướng dẫn của Trung ương', 'office');
      assert.equal(r.signalled, 2, 'Sở Y tế and Cao Lộc; Sở Nội vụ has reported');

      // Past the old deadline and the old escalation: no notice, no escalation to anyone.
      await stack.skipTo(cycle.timeline.escalationAt);
      assert.equal(kind('Quá hạn').length, 0);
      assert.equal(kind('Báo cáo Thường trực Ban').length, 0);
      for (const unit of ['so-y-te', 'ubnd-cao-loc']) {
        const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: id(unit) } });
        assert.equal(localDateAt(new Date(o.dueAt.getTime() - 1)), newLastDay, unit);
      }
      const result = await handle.result();
      assert.deepEqual(result.escalations.map((e) => e.overdueUnits), [0, 2], 'nothing at the old date, both units after the new one');
      assert.deepEqual({ missing: result.summary.missing, onTime: result.summary.onTime }, { missing: 2, onTime: 1 });
    });

    // The pending units: the first reminder, then the new schedule's three naming the new deadline.
    for (const addr of [Y_TE, CAO_LOC]) {
      const reminders = kind('Nhắc nộp báo cáo', addr);
      assert.equal(reminders.length, 4, addr);
      for (const m of reminders.slice(1)) assert.match(m.subject, new RegExp(formatDate(newLastDay).replace(/\//g, '\\/')));
      assert.equal(kind('Quá hạn', addr).length, 1, `one overdue notice after the new deadline to ${addr}`);
    }
    assert.equal(kind('Nhắc nộp báo cáo', NOI_VU).length, 1);
    const escalations = kind('Báo cáo Thường trực Ban');
    assert.equal(escalations.length, 1);
    assert.match(escalations[0]!.text, /Sở Y tế/);
    assert.match(escalations[0]!.text, /UBND huyện Cao Lộc/);
    assert.doesNotMatch(escalations[0]!.text, /Sở Nội vụ/);
  });
});
