// `npm run bench`'s rows (b), (c) and (e) on the waves design (workflows/wave-cycle.ts; issue 15):
// the opening timed to the cycle being ready for its first wave, the reminders' lateness at the SMTP
// server with the reminder wave's own timing, then the overdue row on the same cycle (waves.ts overdueRow).
import type { WorkflowHandle } from '@temporalio/client';
import { startCycle } from '../../temporal/client.ts';
import { latenessOf, pace, remindersReceived, remindTimelineAt } from './lateness.ts';
import { LATENESS_SIZES, remainingMs, say } from './options.ts';
import { moveCycle } from './plan.ts';
import { sleep } from './processes.ts';
import type { CpuMark, RowsCtx, SizeResult } from './result.ts';
import { overdueRow, waitForCycleReady, waitForWave } from './waves.ts';

/** (b), then (c) and (e); `opened` is the open cycle's start (startCycle called at t0, returned at returnedAt). */
export async function wavesRows(c: RowsCtx, opened: { handle: WorkflowHandle; t0: number; returnedAt: number; cpu: CpuMark }, r: SizeResult): Promise<void> {
  const ready = await waitForCycleReady(opened.handle, 5 * 60_000);
  c.cpuPhase('open', opened.cpu);
  r.openMs = ready.readyAt - opened.t0;
  r.openWaves = { startReturnedMs: opened.returnedAt - opened.t0, timerStartedMs: ready.timerStartedAt - opened.t0 };
  say(`N=${r.n}: (b) ready for its first wave ${r.openMs.toFixed(0)} ms after startCycle (returned after ${r.openWaves.startReturnedMs} ms), b/a ${(r.openMs / r.baselineMs!).toFixed(4)}`);
  await wavesLateness(c, r);
}

/**
 * (c) and (e): the second cycle started with its one reminder at T = now + 20 s (nothing per unit to
 * start first: the cycle is ready within a second, checked), lateness of the N reminders at the SMTP
 * server as for per-unit; then the overdue row on the same cycle.
 */
async function wavesLateness(c: RowsCtx, r: SizeResult): Promise<void> {
  const n = r.n;
  if (!LATENESS_SIZES.has(n)) return void (r.latenessSkipped = 'not requested');
  const projected = 60_000 + (n / (pace.lastThroughput ?? 30)) * 1000; // the rate of the previous wave measured (30/s before any)
  if (projected > remainingMs()) {
    r.latenessSkipped = `projected ${Math.round(projected / 1000)} s exceeds the remaining budget ${Math.round(remainingMs() / 1000)} s`;
    return void say(`N=${n}: (c) skipped: ${r.latenessSkipped}`);
  }
  const { catcher, prisma } = c;
  catcher.clear();
  const lead = 20_000;
  const T = Math.ceil((Date.now() + lead) / 1000) * 1000;
  const remindCycle = await moveCycle(prisma, c.remindStored, remindTimelineAt(T));
  c.sampler.phase('remind');
  const h2 = await startCycle(c.dondoc, remindCycle);
  const ready = await waitForCycleReady(h2, 60_000);
  say(`N=${n}: (c) cycle ready ${((T - ready.readyAt) / 1000).toFixed(1)} s before T, every reminder at T`);
  while (Date.now() < T) await sleep(Math.min(500, Math.max(1, T - Date.now())));
  const remindCpu = c.cpuMark();
  const limit = Math.max(120_000, Math.min(20 * 60_000, remainingMs()));
  const got = await remindersReceived(catcher, n, T, limit);
  c.cpuPhase('remind', remindCpu);
  r.lateness = await latenessOf(prisma, got, n, T, { fanOutDoneBeforeTMs: T - ready.readyAt, lastFirstTaskBeforeTMs: NaN, leadMs: lead });
  r.reminderWave = await waitForWave(h2, T, 5 * 60_000, say);
  say(`N=${n}: (c) email row → sent p50 ${r.lateness.rowToSentMs?.p50} ms, p99 ${r.lateness.rowToSentMs?.p99} ms; rows written ${r.lateness.rowsWrittenMs?.first}–${r.lateness.rowsWrittenMs?.last} ms after T`);
  say(`N=${n}: (c) ${got.length}/${n} received, p50 ${(r.lateness.p50Ms / 1000).toFixed(1)} s, p99 ${(r.lateness.p99Ms / 1000).toFixed(1)} s, max ${(r.lateness.maxMs / 1000).toFixed(1)} s; runWave started ${(r.reminderWave.started / 1000).toFixed(2)} s, completed ${(r.reminderWave.completed / 1000).toFixed(1)} s after T`);
  catcher.clear();

  c.sampler.phase('overdue');
  const overdueCpu = c.cpuMark();
  r.overdue = await overdueRow({ prisma, handle: h2, cycle: remindCycle, catcher, committee: 'head@bench.dondoc.invalid', n, limitMs: 15 * 60_000, say });
  c.cpuPhase('overdue', overdueCpu);
  const o = r.overdue;
  say(`N=${n}: (e) marks wave ${(o.wave.started / 1000).toFixed(2)}–${(o.wave.completed / 1000).toFixed(1)} s after D, ${o.wave.result?.marked} marked, ${o.overdueRows} overdue in the database; escalation email ${(o.escalationReceivedMs / 1000).toFixed(1)} s after D (${o.escalationSizeKiB} KiB)`);
  catcher.clear();
}
