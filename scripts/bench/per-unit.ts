// `npm run bench`'s rows (b) and (c) on the per-unit design (every unit its own obligation workflow,
// started by the cycle's fan-out activity): the opening timed to the fan-out's completion, and the
// reminders' lateness once every obligation's first workflow task is done, with where a few of them
// spent their time (their histories).
import type { Client, WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { StoredCycle } from '../../db/plans.ts';
import { startCycle } from '../../temporal/client.ts';
import { tsMs, type HistoryEvent } from './history.ts';
import { latenessOf, pace, remindersReceived, remindTimelineAt } from './lateness.ts';
import { LATENESS_SIZES, remainingMs, say } from './options.ts';
import { moveCycle } from './plan.ts';
import { sleep } from './processes.ts';
import type { CpuMark, RowsCtx, SizeResult } from './result.ts';

interface FanOutTiming {
  scheduledAt: number;
  startedAt: number;
  completedAt: number;
  started: number;
  attempts: number;
}

/** Polls the cycle's history (a few dozen events) until its fan-out activity completed. */
async function waitForFanOut(handle: WorkflowHandle, limitMs: number): Promise<FanOutTiming> {
  const deadline = Date.now() + limitMs;
  let lastLog = Date.now();
  for (let i = 0; i < limitMs / 200 + 10 && Date.now() < deadline; i++) {
    const history = await handle.fetchHistory();
    let scheduledAt = NaN;
    let startedAt = NaN;
    let attempts = 0;
    for (const e of history.events ?? []) {
      if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'startObligations') scheduledAt = tsMs(e.eventTime);
      if (e.activityTaskStartedEventAttributes) {
        startedAt = tsMs(e.eventTime);
        attempts = e.activityTaskStartedEventAttributes.attempt ?? 1;
      }
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const result = defaultPayloadConverter.fromPayload<{ started: number }>(done.result!.payloads![0]!);
        return { scheduledAt, startedAt, completedAt: tsMs(e.eventTime), started: result.started, attempts };
      }
      if (e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes) {
        throw new Error(`fan-out failed: ${JSON.stringify(e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes)}`);
      }
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      say(`  fan-out running (activity attempt ${attempts || '-'})`);
    }
    await sleep(200);
  }
  throw new Error(`fan-out not completed within ${limitMs / 1000} s`);
}

/** The visibility count of running obligation workflows on a task queue, once it stops growing or reaches `want`. */
async function visibleObligations(client: Client, taskQueue: string, want: number, limitMs: number): Promise<number> {
  const query = `WorkflowType="obligationWorkflow" AND TaskQueue="${taskQueue}" AND ExecutionStatus="Running"`;
  const deadline = Date.now() + limitMs;
  let count = 0;
  for (let i = 0; i < limitMs / 500 + 1 && Date.now() < deadline; i++) {
    count = (await client.workflow.count(query)).count;
    if (count >= want) break;
    await sleep(500);
  }
  return count;
}

export interface Stages {
  obligationId: string;
  timerFired: number;
  activityScheduled: number;
  activityStarted: number;
  activityCompleted: number;
  mailReceived: number;
}

/** The reminder's path through Temporal for one obligation, from its history, in ms after T. */
async function stages(client: Client, obligationId: string, T: number, receivedAt: number): Promise<Stages> {
  const history = await client.workflow.getHandle(obligationId).fetchHistory();
  const first = (pick: (e: HistoryEvent) => unknown) => {
    const e = (history.events ?? []).find((x) => pick(x));
    return e ? tsMs(e.eventTime) - T : NaN;
  };
  return {
    obligationId,
    timerFired: first((e) => e.timerFiredEventAttributes),
    activityScheduled: first((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'sendReminder'),
    activityStarted: first((e) => e.activityTaskStartedEventAttributes),
    activityCompleted: first((e) => e.activityTaskCompletedEventAttributes),
    mailReceived: receivedAt - T,
  };
}

/** When the obligation's first workflow task completed (it then sleeps until its reminder), polling its history. */
async function firstTaskDone(client: Client, obligationId: string, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (let i = 0; i < limitMs / 250 + 1 && Date.now() < deadline; i++) {
    const history = await client.workflow.getHandle(obligationId).fetchHistory();
    const done = (history.events ?? []).find((e) => e.workflowTaskCompletedEventAttributes);
    if (done) return tsMs(done.eventTime);
    await sleep(250);
  }
  return NaN;
}

/** (b) then (c) on the per-unit design; `opened` is the open cycle's start (startCycle called at t0). */
export async function perUnitRows(c: RowsCtx, opened: { handle: WorkflowHandle; t0: number; cpu: CpuMark }, r: SizeResult): Promise<void> {
  const { client, catcher, prisma, dondoc, openStored, remindStored, sampler } = c;
  const n = r.n;
  const { t0 } = opened;
  const fan = await waitForFanOut(opened.handle, 15 * 60_000);
  c.cpuPhase('open', opened.cpu);
  r.openMs = fan.completedAt - t0;
  const visible = await visibleObligations(client, c.queue, n, 60_000);
  const lastOpen = [...openStored.obligationIds].sort().at(-1)!; // the fan-out starts them in ID order
  const lastFirstTask = await firstTaskDone(client, lastOpen, 5 * 60_000);
  r.openDetail = {
    workflowTaskToScheduledMs: fan.scheduledAt - t0,
    activityRunMs: fan.completedAt - fan.startedAt,
    started: fan.started,
    attempts: fan.attempts,
    visibilityCount: visible,
    lastObligationFirstTaskMs: lastFirstTask - t0,
  };
  say(`N=${n}: (b) ${(r.openMs / 1000).toFixed(2)} s, started ${fan.started}, visible ${visible}, last one's first workflow task done after ${((lastFirstTask - t0) / 1000).toFixed(1)} s, b/a ${(r.openMs / r.baselineMs!).toFixed(2)}`);

  // (c) N reminders due at the same instant T, after the fan-out of the second cycle is done.
  if (!LATENESS_SIZES.has(n)) return void (r.latenessSkipped = 'not requested');
  // The fan-out again plus the reminders at the rate the previous size reached (40/s before any).
  const projected = 2 * r.openMs + (n / (pace.lastThroughput ?? 40)) * 1000;
  if (projected > remainingMs()) {
    r.latenessSkipped = `projected ${Math.round(projected / 1000)} s exceeds the remaining budget ${Math.round(remainingMs() / 1000)} s`;
    return void say(`N=${n}: (c) skipped: ${r.latenessSkipped}`);
  }
  catcher.clear();
  // T late enough for the fan-out and every obligation's first workflow task to be done before it:
  // at 5,000 the worker's first tasks lag the starts (see openDetail.lastObligationFirstTaskMs).
  const firstTasksMs = Number.isNaN(lastFirstTask) ? 5 * 60_000 : lastFirstTask - t0; // NaN: not seen within its limit
  const lead = Math.max(30_000, 1.5 * Math.max(r.openMs, firstTasksMs) + 2 * r.openMs + 20_000);
  const T = Math.ceil((Date.now() + lead) / 1000) * 1000;
  const remindCycle: StoredCycle = await moveCycle(prisma, remindStored, remindTimelineAt(T));
  sampler.phase('remind');
  say(`N=${n}: (c) startCycle, every reminder at T = now + ${((T - Date.now()) / 1000).toFixed(0)} s`);
  const h2 = await startCycle(dondoc, remindCycle);
  const fan2 = await waitForFanOut(h2, 15 * 60_000);
  const lastRemind = [...remindStored.obligationIds].sort().at(-1)!;
  const lastFirst2 = await firstTaskDone(client, lastRemind, Math.max(10_000, T - Date.now() + 60_000));
  say(`N=${n}: (c) fan-out done ${((T - fan2.completedAt) / 1000).toFixed(1)} s before T, last obligation's first task ${((T - lastFirst2) / 1000).toFixed(1)} s before T`);
  const limit = Math.max(120_000, Math.min(15 * 60_000, remainingMs()));
  while (Date.now() < T) await sleep(Math.min(500, Math.max(1, T - Date.now())));
  const remindCpu = c.cpuMark();
  const got = await remindersReceived(catcher, n, T, limit);
  c.cpuPhase('remind', remindCpu);
  r.lateness = await latenessOf(prisma, got, n, T, { fanOutDoneBeforeTMs: T - fan2.completedAt, lastFirstTaskBeforeTMs: T - lastFirst2, leadMs: lead });
  // A few obligations spread over the received order: where did their lateness go?
  const byOrder = [...got].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const picks = [0, 0.25, 0.5, 0.75, 0.99, 1].map((q) => byOrder[Math.min(byOrder.length - 1, Math.floor(q * (byOrder.length - 1)))]).filter((m) => m !== undefined);
  r.latenessStages = [];
  for (const m of picks) {
    const code = /^(unit-\d+)@/.exec(m.to[0] ?? '')?.[1];
    if (code) r.latenessStages.push(await stages(client, `${remindStored.cycleId}/${code}`, T, m.receivedAt.getTime()));
  }
  say(`N=${n}: (c) ${got.length}/${n} received, p50 ${(r.lateness.p50Ms / 1000).toFixed(1)} s, p99 ${(r.lateness.p99Ms / 1000).toFixed(1)} s, max ${(r.lateness.maxMs / 1000).toFixed(1)} s`);
  catcher.clear(); // the parsed messages are not needed any longer
}
