// The units of a waves cycle on the time-skipping server (issue 15): no unit has a workflow until
// something particular to it happens; then the client boundary starts its obligation workflow
// (waveDriven, input from the database) just before the message. A report: the workflow starts, the
// receipt goes once (a redelivery changes nothing), ownWorkflowAt is set. An extension: the cycle hears
// waveAlsoAt with the unit's new instants. A cycle-wide extension: the database moves every pending unit,
// only units with a workflow are signalled, the cycle hears waveAlsoAt and escalateAlsoAt. An exemption:
// the workflow starts and records it. The unit workflows send no reminder or notice (the waves do).
// The cycle is the real waveCycleWorkflow (workflows/wave-cycle.ts, started by startCycle under the
// waves design): the signals it heard are read from its history, and its waves are seen to run at them.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { defaultPayloadConverter, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { addDays, formatDate } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import type { CaughtMail } from '../../mail/catcher.ts';
import { startCycle, withCycleDesign } from '../../temporal/client.ts';
import { exemptObligation, extendCycle, extendObligation, resendReminderNow } from '../../temporal/office-actions.ts';
import { deliverToUnit, unitFromDatabase } from '../../temporal/unit-workflows.ts';
import { escalateAlsoAt, obligationState, submissionReceivedOf, waveAlsoAt, waveState, type WaveState } from '../../workflows/messages.ts';
import { recordHistories } from '../helpers/histories.ts';
import { submitThroughLink } from '../helpers/http.ts';
import { NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const id = (unit: string) => `waves-2026/2026-annual/${unit}`;

/** The signals the cycle's workflow heard, from its history: each waveAlsoAt's instants, each escalateAlsoAt's. */
async function heardSignals(h: WorkflowHandle): Promise<{ waveAlsoAt: string[][]; escalateAlsoAt: string[] }> {
  const signals = ((await h.fetchHistory()).events ?? []).map((e) => e.workflowExecutionSignaledEventAttributes).filter((a) => a != null);
  const args = (name: string) => signals.filter((a) => a.signalName === name).map((a) => defaultPayloadConverter.fromPayload(a.input!.payloads![0]!));
  return { waveAlsoAt: args(waveAlsoAt.name).map((x) => (x as { at: string[] }).at), escalateAlsoAt: args(escalateAlsoAt.name).map((x) => (x as { at: string }).at) };
}

/** The activity types a workflow scheduled, from its history. */
async function activitiesOf(h: WorkflowHandle): Promise<string[]> {
  return ((await h.fetchHistory()).events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
}

describe('the units of a waves cycle', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('wave-units', 'waves-2026'));
  });
  afterAll(() => stack?.close());

  it('starts a unit workflow only for a report or an office decision, and tells the cycle the new instants', async () => {
    const { catcher, db, dondoc } = stack;
    const prisma = db.prisma;
    const row = (u: string) => prisma.obligation.findUniqueOrThrow({ where: { id: id(u) } });
    const running = (u: string) => dondoc.client.workflow.getHandle(id(u)).describe().then((x) => x.type, (e: unknown) => (e instanceof WorkflowNotFoundError ? 'none' : Promise.reject(e)));

    let beforeClose: CaughtMail[] = [];
    let waves: WaveState['waves'] = [];
    await stack.worker.runUntil(async () => {
      const cycleHandle = await startCycle(withCycleDesign(dondoc, 'waves', prisma), cycle);
      expect((await cycleHandle.describe()).type).toBe('waveCycleWorkflow');
      expect((await prisma.cycle.findUniqueOrThrow({ where: { id: cycle.cycleId } })).design).toBe('waves');
      for (const u of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) expect(await running(u)).toBe('none');

      // A report through the personal link: the unit's workflow starts, the receipt goes once.
      const token = await issueToken(prisma, id('so-noi-vu'), cycle.timeline.closesAt);
      const { submissionId } = await submitThroughLink(`${stack.publicUrl}/r/${token}`, 'Báo cáo của Sở Nội vụ');
      await catcher.waitFor(() => catcher.messages().some((m) => m.subject.startsWith('[Biên nhận]') && m.to.includes(NOI_VU)));
      expect(await running('so-noi-vu')).toBe('obligationWorkflow');
      expect((await row('so-noi-vu')).ownWorkflowAt).not.toBeNull();
      const stored = await prisma.submission.findUniqueOrThrow({ where: { id: submissionId } });
      expect(await deliverToUnit(prisma, dondoc, id('so-noi-vu'), submissionReceivedOf(stored))).toBe('delivered'); // a redelivery
      expect((await dondoc.client.workflow.getHandle(id('so-noi-vu')).query(obligationState)).status).toBe('submitted_on_time');

      // An extension of Sở Y tế: its workflow starts, the cycle hears the new schedule's instants.
      const extended = await extendObligation(prisma, dondoc, id('so-y-te'), addDays(lastDay, 7), 'Chờ số liệu', 'office');
      expect(extended.status).toBe('extended');
      expect((await row('so-y-te')).ownWorkflowAt).not.toBeNull();
      const own = (await unitFromDatabase(prisma, id('so-y-te'))).input!;
      expect(own.dueAt).toBe(extended.dueAt);
      // The office chases Sở Y tế: its own workflow sends that one reminder (the waves send the others).
      await resendReminderNow(prisma, dondoc, id('so-y-te'), 'req-1', 'office');
      await catcher.waitFor(() => catcher.messages().some((m) => m.subject.startsWith('[Nhắc nộp báo cáo]') && m.to.includes(Y_TE)));
      const heard = () => heardSignals(cycleHandle);
      expect((await heard()).waveAlsoAt).toStrictEqual([[...own.remindersAt, own.dueAt, own.overdueAt]]);

      // A cycle-wide extension: Cao Lộc moves in the database without a workflow; Sở Y tế is signalled.
      const r = await extendCycle(prisma, dondoc, cycle.cycleId, addDays(lastDay, 10), 'Chờ hướng dẫn', 'office');
      expect(r).toStrictEqual({ signalled: 1, ended: 0, extended: 2 });
      const caoLoc = await row('ubnd-cao-loc');
      expect({ status: caoLoc.status, own: caoLoc.ownWorkflowAt }).toStrictEqual({ status: 'extended', own: null });
      expect(await running('ubnd-cao-loc')).toBe('none');
      const all = (await unitFromDatabase(prisma, id('ubnd-cao-loc'))).input!;
      // A signal that arrives while the cycle's workflow task runs enters its history when that task completes.
      let h = await heard();
      for (let i = 0; i < 50 && h.waveAlsoAt.length < 2; i++) h = await new Promise((x) => setTimeout(x, 100)).then(heard);
      expect(h.waveAlsoAt[1]).toStrictEqual([...all.remindersAt, all.dueAt, all.overdueAt]);
      expect(h.escalateAlsoAt.length).toBe(1);
      expect((await cycleHandle.query(waveState)).escalationsDue).toContain(new Date(h.escalateAlsoAt[0]!).toISOString());
      for (let i = 0; i < 50 && (await dondoc.client.workflow.getHandle(id('so-y-te')).query(obligationState)).dueAt !== all.dueAt; i++) await new Promise((x) => setTimeout(x, 100));
      expect((await dondoc.client.workflow.getHandle(id('so-y-te')).query(obligationState)).dueAt).toBe(all.dueAt);

      // An exemption of Cao Lộc: its workflow starts from the database (extended) and records it.
      expect((await exemptObligation(prisma, dondoc, id('ubnd-cao-loc'), 'Đã sáp nhập', 'office')).status).toBe('exempted');
      expect((await row('ubnd-cao-loc')).status).toBe('exempted');
      expect(await prisma.obligationDecision.count({ where: { id: `exempt:${id('ubnd-cao-loc')}` } })).toBe(1);

      // To the close: the unit workflows send no reminder and no overdue notice (the waves do).
      beforeClose = catcher.messages();
      await stack.skipTo(cycle.timeline.closesAt);
      const results = await Promise.all(['so-noi-vu', 'so-y-te', 'ubnd-cao-loc'].map((u) => dondoc.client.workflow.getHandle(id(u)).result()));
      // Sở Y tế's one reminder is the resend
      expect(results.map((x) => [x.status, x.remindersSent.length])).toStrictEqual([['submitted_on_time', 0], ['missing', 1], ['exempted', 0]]);
      for (const u of ['so-noi-vu', 'so-y-te', 'ubnd-cao-loc']) {
        const acts = await activitiesOf(dondoc.client.workflow.getHandle(id(u)));
        // on failure, look at: `${u}: ${acts.join(', ')}`
        expect(acts.filter((a) => a === 'markOverdue' || a === 'sendOverdueNotice')).toStrictEqual([]);
        expect(acts.filter((a) => a === 'sendReminder').length).toBe(u === 'so-y-te' ? 1 : 0);
      }
      await cycleHandle.result();
      expect((await heard()).waveAlsoAt.length).toBe(2);
      // The cycle ran a wave at each instant it heard (those before its close), on top of its own.
      const state = await cycleHandle.query(waveState);
      const ran = new Set(state.waves.map((w) => w.at));
      const heardAt = (await heard()).waveAlsoAt.flat().map((x) => new Date(x).toISOString());
      expect(heardAt.filter((x) => x < cycle.timeline.closesAt.toISOString() && !ran.has(x))).toStrictEqual([]);
      waves = state.waves;
      if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, cycle.obligationIds, process.env.DONDOC_RECORD_HISTORIES);
    });
    const who = (to: string[]) => (to.includes(NOI_VU) ? 'Nội vụ' : to.includes(Y_TE) ? 'Y tế' : to.join(','));
    const line = (m: CaughtMail) => `${m.subject.slice(0, m.subject.indexOf(']') + 1)} ${who(m.to)}`;
    // Until the waves' first instant: the receipt and the resend, nothing else (no unit workflow reminds).
    expect(beforeClose.map(line)).toStrictEqual(['[Biên nhận] Nội vụ', '[Nhắc nộp báo cáo] Y tế']);
    // After it, every reminder and notice is one a wave counted as sent: none from a unit workflow.
    const later = catcher.messages().slice(beforeClose.length);
    const sum = (k: 'reminders' | 'notices') => waves.reduce((n, w) => n + w[k].sent, 0);
    expect(later.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]')).length).toBe(sum('reminders'));
    expect(later.filter((m) => m.subject.startsWith('[Quá hạn]')).length).toBe(sum('notices'));
    // They all went to Sở Y tế (reported, exempted: nothing), on its own last day, the cycle-wide one.
    const yTe = later.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]') || m.subject.startsWith('[Quá hạn]'));
    expect(yTe.map((m) => who(m.to))).toStrictEqual(yTe.map(() => 'Y tế'));
    expect(yTe.filter((m) => m.subject.startsWith('[Nhắc nộp báo cáo]')).every((m) => m.subject.includes(`hạn ${formatDate(addDays(lastDay, 10))}`))).toBe(true);
    expect(sum('reminders')).toBeGreaterThan(0);
    expect(sum('notices')).toBe(1);
  });
});
