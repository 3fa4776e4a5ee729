// A worker killed mid-wave (issue 15, the waves design), at workflow level on the real Temporal dev
// server: a waves cycle of N units whose one reminder wave is one runWave activity of the cycle
// (workflows/wave-cycle.ts); the `dondoc worker` process is killed with SIGKILL while that activity
// runs, past its first page's heartbeat, and a new one is started. The activity's attempt times out on
// its heartbeat (5 minutes: this test waits for it) and is retried from the cursor it heartbeated.
// At the end every unit has exactly one reminder (one business key, one Message-ID); the only repeats are
// the mails the SMTP server had accepted when the process died, unrecorded: at most the gate's permits
// (DONDOC_MAIL_IN_FLIGHT, set here for the worker processes). No unit ever gets a workflow of its own.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { defaultPayloadConverter, ServiceError } from '@temporalio/client';
import { WAVE_PAGE } from '../../activities/reminder-wave.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { startCycle, withCycleDesign } from '../../temporal/client.ts';
import { waveState } from '../../workflows/messages.ts';
import { compressCycle } from '../helpers/compressed-cycle.ts';
import { startDevStack, type DevStack } from '../helpers/dev-stack.ts';
import { manyUnitPlan } from '../helpers/plans.ts';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.ts';

// The wave's heartbeat timeout (30 s) passes before the retry, on a loaded machine too: each test and hook may take this long.
jest.setTimeout(600_000);

/** More than one page of the wave, so that the kill falls after a heartbeat with a cursor. */
const N = WAVE_PAGE + 300;
/** The mail gate of the worker processes (DONDOC_MAIL_IN_FLIGHT): the bound on repeats. */
const GATE = 4;

describe('a worker killed while a wave of a waves cycle runs', () => {
  let stack: DevStack;
  let cycle: StoredCycle;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    stack = await startDevStack();
    const { plan, source } = manyUnitPlan('wavekill-2026', N);
    const stored = (await savePlan(stack.db.prisma, plan, source))[0]!;
    // One reminder for everyone at +40 s (the worker process is up by then); the rest far away.
    cycle = await compressCycle(stack.db.prisma, stored, Date.now(), { reminders: [40], due: 3600, overdue: 3700, escalation: 3800, close: 3900 });
    workerEnv = { ...stack.workerProcessEnv('wavekill'), DONDOC_MAIL_IN_FLIGHT: String(GATE) };
  });

  afterAll(async () => {
    for (const w of workers) await w.kill();
    await stack?.close();
  });

  it('sends every unit its reminder once, repeating at most the gate\'s mails in flight at the kill', async () => {
    const { env, catcher, db } = stack;
    const dondoc = withCycleDesign(stack.dondoc('wavekill'), 'waves', db.prisma);
    const distinct = () => new Set(catcher.messages().map((m) => m.messageId)).size;
    workers.push(await startWorkerProcess(workerEnv));
    const handle = await startCycle(dondoc, cycle);
    expect((await handle.describe()).type).toBe('waveCycleWorkflow');

    // Kill once the wave is into its second page: its first page's heartbeat carries the cursor.
    await new Promise((r) => setTimeout(r, Math.max(0, cycle.timeline.reminders[0]!.at.getTime() - Date.now())));
    const waveStarted = Date.now();
    await catcher.waitFor(() => distinct() >= WAVE_PAGE + 10, 180_000);
    // ... and once the server holds that heartbeat (the worker sends it within 2 s: create-worker.ts).
    const firstPageCursor = `wavekill-2026/2026-annual/xa-${String(WAVE_PAGE - 1).padStart(4, '0')}`;
    const heartbeated = async () => {
      const details = (await handle.describe()).raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.[0];
      return details ? defaultPayloadConverter.fromPayload<string>(details) : undefined;
    };
    for (let i = 0; i < 100 && (await heartbeated()) !== firstPageCursor; i++) await new Promise((r) => setTimeout(r, 100));
    await workers[0]!.kill();
    const atKill = distinct();
    console.log(`killed ${((Date.now() - waveStarted) / 1000).toFixed(1)} s into the wave, ${atKill} of ${N} reminders received`);
    // on failure, look at: `killed after the wave (${atKill} of ${N})`: a larger N makes the wave last longer
    expect(atKill).toBeLessThan(N);
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    expect(pending.map((a) => a.activityType?.name)).toStrictEqual(['runWave']);
    const cursor = defaultPayloadConverter.fromPayload<string>(pending[0]!.heartbeatDetails!.payloads![0]!);
    // the cursor is the last row of the first page (rows in id order)
    expect(cursor).toBe(firstPageCursor);

    // A new worker: the attempt times out on its heartbeat, the retry resumes after the cursor.
    workers.push(await startWorkerProcess(workerEnv));
    // A query can meet the dead worker's sticky queue until the server gives up on it: asked again then.
    const waves = () => handle.query(waveState).then((s) => s.waves, (err: unknown) => (err instanceof ServiceError ? [] : Promise.reject(err)));
    for (let i = 0; i < 300 && (await waves()).length === 0; i++) await new Promise((r) => setTimeout(r, 2_000));
    const [wave] = await waves();
    expect(wave).toBeDefined();
    console.log(`wave done ${((Date.now() - waveStarted) / 1000).toFixed(1)} s after it began: ${JSON.stringify(wave)}`);
    // The retried attempt saw only the rows after the cursor: sent the rest, found the second page's sent.
    expect(wave!.reminders.sent + wave!.reminders.alreadySent).toBe(N - WAVE_PAGE);
    expect({ rejected: wave!.reminders.rejected, skipped: wave!.skipped, marked: wave!.marked }).toStrictEqual({ rejected: 0, skipped: 0, marked: 0 });

    await catcher.waitFor(() => distinct() === N, 60_000);
    const mails = catcher.messages();
    const units = new Set(mails.flatMap((m) => m.to));
    // every unit got its reminder, under one business key (Message-ID) each
    expect(units.size).toBe(N);
    expect(distinct()).toBe(N);
    const repeats = mails.length - N;
    // on failure, look at: `repeats (${repeats}) only from the mails in flight at the kill (at most ${GATE})`
    expect(repeats).toBeLessThanOrEqual(GATE);
    const rows = await db.prisma.emailMessage.findMany({ where: { kind: 'reminder' } });
    expect(rows.length).toBe(N);
    expect(rows.every((r) => r.status === 'sent')).toBeTruthy();
    // no unit has a workflow of its own: the wave was the cycle's
    expect((await env.client.workflow.count(`WorkflowType = "obligationWorkflow"`)).count).toBe(0);
    console.log(`kill mid-wave: ${mails.length} mails received for ${N} reminders (${repeats} repeated with the same Message-ID)`);
  });
});
