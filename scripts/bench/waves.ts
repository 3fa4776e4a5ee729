// `npm run bench` on the waves design (domain/cycle-design.ts, workflows/wave-cycle.ts; issue 15): what
// the cycle's own history says about its opening and its waves, and the overdue row (the marks at the
// deadline, then the committee's escalation digest). The per-unit design's figures stay in bench.ts.
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { PrismaClient } from '../../db/client.ts';
import { timelineToJson, type StoredCycle } from '../../db/plans.ts';
import type { MailCatcher } from '../../mail/catcher.ts';
import { escalateAlsoAt, waveAlsoAt } from '../../workflows/messages.ts';
import type { WaveResult } from '../../workflows/contract.ts';
import { num, tsMs, type HistoryEvent } from './history.ts';
import { sleep } from './processes.ts';

/**
 * "Ready to send its first wave": the cycle workflow's first workflow task has completed and started
 * the timer of its first wave instant. From then on nothing per unit has to exist before the wave:
 * the wave activity reads the pending units from the database at the instant. Epoch ms of that
 * WorkflowTaskCompleted (polled every 100 ms).
 */
export async function waitForCycleReady(handle: WorkflowHandle, limitMs: number): Promise<{ readyAt: number; timerStartedAt: number }> {
  const deadline = Date.now() + limitMs;
  for (let i = 0; i < limitMs / 100 + 10 && Date.now() < deadline; i++) {
    const events = (await handle.fetchHistory()).events ?? [];
    const done = events.find((e) => e.workflowTaskCompletedEventAttributes);
    const timer = events.find((e) => e.timerStartedEventAttributes);
    if (done && timer) return { readyAt: tsMs(done.eventTime), timerStartedAt: tsMs(timer.eventTime) };
    await sleep(100);
  }
  throw new Error(`the cycle's first workflow task not completed within ${limitMs / 1000} s`);
}

export interface WaveTiming {
  at: string;
  /** ms after the wave's instant. */
  scheduled: number;
  started: number;
  completed: number;
  attempt: number;
  result?: WaveResult;
}

/** The runWave activity of the instant `atMs` in the cycle's history (undefined until it completed). */
export async function waveTiming(handle: WorkflowHandle, atMs: number): Promise<WaveTiming | undefined> {
  const events: HistoryEvent[] = (await handle.fetchHistory()).events ?? [];
  const scheduled = events.find((e) => {
    const a = e.activityTaskScheduledEventAttributes;
    if (a?.activityType?.name !== 'runWave') return false;
    const input = defaultPayloadConverter.fromPayload<{ at: string }>(a.input!.payloads![0]!);
    return Date.parse(input.at) === atMs;
  });
  if (!scheduled) return undefined;
  const id = num(scheduled.eventId);
  const started = events.find((e) => e.activityTaskStartedEventAttributes && num(e.activityTaskStartedEventAttributes.scheduledEventId) === id);
  const completed = events.find((e) => e.activityTaskCompletedEventAttributes && num(e.activityTaskCompletedEventAttributes.scheduledEventId) === id);
  if (!completed) return undefined;
  const payload = completed.activityTaskCompletedEventAttributes!.result?.payloads?.[0];
  return {
    at: new Date(atMs).toISOString(),
    scheduled: tsMs(scheduled.eventTime) - atMs,
    started: tsMs(started?.eventTime) - atMs,
    completed: tsMs(completed.eventTime) - atMs,
    attempt: started?.activityTaskStartedEventAttributes?.attempt ?? NaN,
    result: payload ? defaultPayloadConverter.fromPayload<WaveResult>(payload) : undefined,
  };
}

/** Polls waveTiming until the wave of `atMs` completed. */
export async function waitForWave(handle: WorkflowHandle, atMs: number, limitMs: number, say: (s: string) => void): Promise<WaveTiming> {
  const deadline = Date.now() + limitMs;
  let lastLog = Date.now();
  for (let i = 0; i < limitMs / 500 + 10 && Date.now() < deadline; i++) {
    const w = await waveTiming(handle, atMs);
    if (w) return w;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      say(`  wave of ${new Date(atMs).toISOString()} running`);
    }
    await sleep(500);
  }
  throw new Error(`the wave of ${new Date(atMs).toISOString()} not completed within ${limitMs / 1000} s`);
}

export interface OverdueRow {
  /** The deadline D, epoch ms, and how far ahead of its signal it was set. */
  deadline: number;
  leadMs: number;
  /** The marks wave at D (runWave's timing and counts, ms after D). */
  wave: WaveTiming;
  /** Obligations the database holds as overdue afterwards (expected: N). */
  overdueRows: number;
  /** The committee's escalation email at the SMTP server, ms after D (NaN: not received in time). */
  escalationReceivedMs: number;
  escalationSizeKiB: number;
}

/**
 * The overdue row on the reminders' cycle, once its reminders are in: its deadline is brought forward
 * to D = now + lead (the database's cycle and obligation deadlines, as a cycle-wide extension writes
 * them, and the cycle told with the messages such an extension sends: waveAlsoAt [D] and
 * escalateAlsoAt D + 1 s). The notice instant stays a day later, so the 20,000 notices of the notice
 * wave do not stand between the deadline and the digest (in a plan the notice comes days before the
 * escalation anyway). Timed: the marks wave from the cycle's history, and the digest at the SMTP server.
 */
export async function overdueRow(o: {
  prisma: PrismaClient;
  handle: WorkflowHandle;
  cycle: StoredCycle;
  catcher: MailCatcher;
  committee: string;
  n: number;
  limitMs: number;
  say: (s: string) => void;
}): Promise<OverdueRow> {
  const leadMs = 15_000;
  const D = Math.ceil((Date.now() + leadMs) / 1000) * 1000;
  const E = D + 1_000;
  const timeline = { ...o.cycle.timeline, dueAt: new Date(D), escalationAt: new Date(E), escalationRepeatsAt: [] };
  await o.prisma.cycle.update({ where: { id: o.cycle.cycleId }, data: { timeline: timelineToJson(timeline), dueAt: timeline.dueAt } });
  await o.prisma.obligation.updateMany({ where: { cycleId: o.cycle.cycleId }, data: { dueAt: timeline.dueAt } });
  await o.handle.signal(waveAlsoAt, { at: [new Date(D).toISOString()] });
  await o.handle.signal(escalateAlsoAt, { at: new Date(E).toISOString() });
  o.say(`overdue: deadline D = now + ${((D - Date.now()) / 1000).toFixed(1)} s, escalation at D + 1 s`);
  const escalation = () => o.catcher.messages().find((m) => m.to.includes(o.committee));
  while (Date.now() < D) await sleep(Math.min(500, Math.max(1, D - Date.now())));
  const wave = await waitForWave(o.handle, D, o.limitMs, o.say);
  const until = Date.now() + Math.max(60_000, o.limitMs - (Date.now() - D));
  for (let i = 0; i < 100_000 && !escalation() && Date.now() < until; i++) await sleep(200);
  const got = escalation();
  const overdueRows = await o.prisma.obligation.count({ where: { cycleId: o.cycle.cycleId, status: { in: ['overdue', 'escalated'] } } });
  return {
    deadline: D,
    leadMs,
    wave,
    overdueRows,
    escalationReceivedMs: got ? got.receivedAt.getTime() - D : NaN,
    escalationSizeKiB: got ? Math.round((got.html.length + got.text.length) / 1024) : NaN,
  };
}
