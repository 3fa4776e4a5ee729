// The units of a waves cycle on the time-skipping server (issue 15): no unit has a workflow until
// something particular to it happens; then the client boundary starts its obligation workflow
// (waveDriven, input from the database) just before the message. A report: the workflow starts, the
// receipt goes once (a redelivery changes nothing), ownWorkflowAt is set. An extension: the cycle hears
// waveAlsoAt with the unit's new instants. A cycle-wide extension: the database moves every pending unit,
// only units with a workflow are signalled, the cycle hears waveAlsoAt and escalateAlsoAt. An exemption:
// the workflow starts and records it. The unit workflows send no reminder or notice (the waves do).
// P15's startCycle switch and waveCycleWorkflow are not on this branch: the cycle is marked 'waves' in
// the database and a stand-in (tests/helpers/wave-cycle-stand-in.ts) runs under its ID.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { addDays } from '../../domain/calendar.ts';
import { type StoredCycle } from '../../db/plans.ts';
import { issueToken } from '../../db/tokens.ts';
import { exemptObligation, extendCycle, extendObligation, resendReminderNow } from '../../temporal/office-actions.ts';
import { deliverToUnit, unitFromDatabase } from '../../temporal/unit-workflows.ts';
import { obligationState, submissionReceivedOf } from '../../workflows/messages.ts';
import { recordHistories } from '../helpers/histories.ts';
import { submitThroughLink } from '../helpers/http.ts';
import { NOI_VU, Y_TE } from '../helpers/plans.ts';
import { startStackWithCycle, type Stack } from '../helpers/stack.ts';
import { heardSignals, waveCycleStandIn } from '../helpers/wave-cycle-stand-in.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(180_000);

const id = (unit: string) => `waves-2026/2026-annual/${unit}`;

describe('the units of a waves cycle', () => {
  let stack: Stack;
  let cycle: StoredCycle;
  let lastDay: string;

  beforeAll(async () => {
    ({ stack, cycle, lastDay } = await startStackWithCycle('wave-units', 'waves-2026'));
  });
  afterAll(() => stack?.close());

  it('starts a unit workflow only for a report or an office decision, and tells the cycle the new instants', async () => {
    const { catcher, db, dondoc, env } = stack;
    const prisma = db.prisma;
    await prisma.cycle.update({ where: { id: cycle.cycleId }, data: { design: 'waves' } });
    const standIn = await Worker.create({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: 'wave-stand-in',
      workflowsPath: path.resolve(import.meta.dirname, '../helpers/wave-cycle-stand-in.ts'),
    });
    const row = (u: string) => prisma.obligation.findUniqueOrThrow({ where: { id: id(u) } });
    const running = (u: string) => dondoc.client.workflow.getHandle(id(u)).describe().then((x) => x.type, (e: unknown) => (e instanceof WorkflowNotFoundError ? 'none' : Promise.reject(e)));

    await standIn.runUntil(() =>
      stack.worker.runUntil(async () => {
        const cycleHandle = await env.client.workflow.start(waveCycleStandIn, { workflowId: cycle.cycleId, taskQueue: 'wave-stand-in', args: [cycle.timeline.closesAt.toISOString()] });
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
        const heard = () => cycleHandle.query(heardSignals);
        expect((await heard()).waveAlsoAt).toStrictEqual([[...own.remindersAt, own.dueAt, own.overdueAt]]);

        // A cycle-wide extension: Cao Lộc moves in the database without a workflow; Sở Y tế is signalled.
        const r = await extendCycle(prisma, dondoc, cycle.cycleId, addDays(lastDay, 10), 'Chờ hướng dẫn', 'office');
        expect(r).toStrictEqual({ signalled: 1, ended: 0 });
        const caoLoc = await row('ubnd-cao-loc');
        expect({ status: caoLoc.status, own: caoLoc.ownWorkflowAt }).toStrictEqual({ status: 'extended', own: null });
        expect(await running('ubnd-cao-loc')).toBe('none');
        const all = (await unitFromDatabase(prisma, id('ubnd-cao-loc'))).input!;
        const h = await heard();
        expect(h.waveAlsoAt[1]).toStrictEqual([...all.remindersAt, all.dueAt, all.overdueAt]);
        expect(h.escalateAlsoAt.length).toBe(1);
        for (let i = 0; i < 50 && (await dondoc.client.workflow.getHandle(id('so-y-te')).query(obligationState)).dueAt !== all.dueAt; i++) await new Promise((x) => setTimeout(x, 100));
        expect((await dondoc.client.workflow.getHandle(id('so-y-te')).query(obligationState)).dueAt).toBe(all.dueAt);

        // An exemption of Cao Lộc: its workflow starts from the database (extended) and records it.
        expect((await exemptObligation(prisma, dondoc, id('ubnd-cao-loc'), 'Đã sáp nhập', 'office')).status).toBe('exempted');
        expect((await row('ubnd-cao-loc')).status).toBe('exempted');
        expect(await prisma.obligationDecision.count({ where: { id: `exempt:${id('ubnd-cao-loc')}` } })).toBe(1);

        // To the close: the unit workflows send no reminder and no overdue notice (the waves would).
        await stack.skipTo(cycle.timeline.closesAt);
        const results = await Promise.all(['so-noi-vu', 'so-y-te', 'ubnd-cao-loc'].map((u) => dondoc.client.workflow.getHandle(id(u)).result()));
        // Sở Y tế's one reminder is the resend
        expect(results.map((x) => [x.status, x.remindersSent.length])).toStrictEqual([['submitted_on_time', 0], ['missing', 1], ['exempted', 0]]);
        expect((await cycleHandle.result()).waveAlsoAt.length).toBe(2);
        if (process.env.DONDOC_RECORD_HISTORIES) await recordHistories(stack, cycle.obligationIds, process.env.DONDOC_RECORD_HISTORIES);
      }),
    );
    const mails = catcher.messages();
    // the receipt and the resend, nothing else: no scheduled reminder, no overdue notice from a unit workflow
    const who = (to: string[]) => (to.includes(NOI_VU) ? 'Nội vụ' : to.includes(Y_TE) ? 'Y tế' : to.join(','));
    expect(mails.map((m) => `${m.subject.slice(0, m.subject.indexOf(']') + 1)} ${who(m.to)}`)).toStrictEqual(['[Biên nhận] Nội vụ', '[Nhắc nộp báo cáo] Y tế']);
  });
});
