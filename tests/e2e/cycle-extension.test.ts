// A cycle-wide extension (the province moved the deadline), on the time-skipping server, on the default
// (waves) design: every unit still owing a report gets the new deadline; one that already reported is left alone; no
// overdue notice or escalation at the old dates; the committee hears of the units that miss the new
// deadline, once, after it. The CLI refuses a deadline that is not later.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { addDays, formatDate, localDateAt } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { OfficeActionRefused, extendCycle } from '../../temporal/office-actions.ts';
import { personalLink, submitThroughLink } from '../helpers/http.ts';
import { CAO_LOC, NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const id = (unit: string) => `ext-2026/2026-annual/${unit}`;

describe('extending the deadline of a whole cycle', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('cycle-ext', 'ext-2026'));
  });
  afterAll(() => stack?.close());

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

      // the same deadline is no extension
      await expect(extendCycle(db.prisma, dondoc, cycle.cycleId, lastDay, 'x', 'office')).rejects.toThrow(OfficeActionRefused);
      const r = await extendCycle(db.prisma, dondoc, cycle.cycleId, newLastDay, 'Chờ hướng dẫn của Trung ương', 'office');
      // Sở Y tế and Cao Lộc; Sở Nội vụ has reported
      expect(r.extended).toBe(2);

      // Past the old deadline and the old escalation: no notice, no escalation to anyone.
      await stack.skipTo(cycle.timeline.escalationAt);
      expect(kind('Quá hạn').length).toBe(0);
      expect(kind('Báo cáo Thường trực Ban').length).toBe(0);
      for (const unit of ['so-y-te', 'ubnd-cao-loc']) {
        const o = await db.prisma.obligation.findUniqueOrThrow({ where: { id: id(unit) } });
        // on failure, look at: unit
        expect(localDateAt(new Date(o.dueAt.getTime() - 1))).toBe(newLastDay);
      }
      const result = await handle.result();
      // nothing at the old date, both units after the new one
      expect(result.escalations.map((e) => e.overdueUnits)).toStrictEqual([0, 2]);
      expect({ missing: result.summary.missing, onTime: result.summary.onTime }).toStrictEqual({ missing: 2, onTime: 1 });
    });

    // The pending units: the first reminder, then the new schedule's three naming the new deadline.
    for (const addr of [Y_TE, CAO_LOC]) {
      const reminders = kind('Nhắc nộp báo cáo', addr);
      // on failure, look at: addr
      expect(reminders.length).toBe(4);
      for (const m of reminders.slice(1)) expect(m.subject).toMatch(new RegExp(formatDate(newLastDay).replace(/\//g, '\\/')));
      // on failure, look at: `one overdue notice after the new deadline to ${addr}`
      expect(kind('Quá hạn', addr).length).toBe(1);
    }
    expect(kind('Nhắc nộp báo cáo', NOI_VU).length).toBe(1);
    const escalations = kind('Báo cáo Thường trực Ban');
    expect(escalations.length).toBe(1);
    expect(escalations[0]!.text).toMatch(/Sở Y tế/);
    expect(escalations[0]!.text).toMatch(/UBND huyện Cao Lộc/);
    expect(escalations[0]!.text).not.toMatch(/Sở Nội vụ/);
  });
});
