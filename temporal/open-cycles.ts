// Opening a plan's cycles: a cycle whose opening instant has passed starts now (a plan loaded
// mid-period opens its current cycle at once); a later one gets a one-shot Temporal Schedule,
// "open/<cycleId>", that runs the opener workflow at the opening instant. The Schedules are visible
// (and can be paused) in the Temporal UI. Loading the same plan again changes nothing, except that a
// unit the plan now adds to a cycle already running is covered from then on (coverNewUnits).
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, WorkflowNotFoundError, type Month } from '@temporalio/client';
import type { StoredCycle } from '../db/plans.ts';
import { forEachLimited } from '../domain/concurrency.ts';
import type { OpenCycleWorkflow } from '../workflows/contract.ts';
import { waveAlsoAt } from '../workflows/messages.ts';
import { startCycle, startObligationIfNew, type Dondoc } from './client.ts';
import { obligationInput } from './inputs.ts';

// As the fan-out (activities/fan-out.ts): starts in flight at once against the Temporal frontend.
const CONCURRENCY = 32;

const MONTHS: Month[] = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

export const openingScheduleId = (cycleId: string) => `open/${cycleId}`;

/** Whether the cycle's workflow runs now (it opened earlier: its fan-out has run or is running). */
async function isRunning(d: Dondoc, cycleId: string): Promise<boolean> {
  try {
    return (await d.client.workflow.getHandle(cycleId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * A per-unit cycle fans out its obligation workflows once, when it opens (activities/fan-out.ts): a unit
 * added to the plan afterwards would get none. Every obligation of the cycle is started as the fan-out
 * starts it; those that run already or have ended are left alone (startObligationIfNew), so the new
 * units get theirs and follow the cycle's reminders from then on (those already missed collapse into one,
 * as for any late start). A cycle of the waves design pages its units from the database at each wave, so
 * the new units are in its next wave; it is asked for one wave now too (waveAlsoAt), which gives them the
 * reminder they missed, collapsed into one, as the per-unit late start does (the others' keys are sent).
 */
async function coverNewUnits(d: Dondoc, c: StoredCycle, now: Date): Promise<void> {
  if (c.design === 'waves') {
    await d.client.workflow
      .getHandle(c.cycleId)
      .signal(waveAlsoAt, { at: [now.toISOString()] })
      .catch((err: unknown) => {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // ended meanwhile: nothing owed
      });
    return;
  }
  await forEachLimited(c.obligationIds, CONCURRENCY, (id) => startObligationIfNew(d, obligationInput(id, c.timeline)));
}

/** `started`: every cycle open now (also one that was open already, whose new units are covered). */
export async function openCycles(d: Dondoc, cycles: StoredCycle[], now: Date): Promise<{ started: string[]; scheduled: string[] }> {
  const started: string[] = [];
  const scheduled: string[] = [];
  for (const c of cycles) {
    const at = c.timeline.opensAt;
    if (at <= now) {
      // Asked before starting: a cycle started now fans out by itself, one already open does not again.
      const wasRunning = await isRunning(d, c.cycleId);
      await startCycle(d, c);
      started.push(c.cycleId);
      if (wasRunning) await coverNewUnits(d, c, now);
      continue;
    }
    try {
      await d.client.schedule.create<OpenCycleWorkflow>({
        scheduleId: openingScheduleId(c.cycleId),
        spec: {
          // One instant, in UTC (the calendar resolved Vietnam time already).
          calendars: [{ year: at.getUTCFullYear(), month: MONTHS[at.getUTCMonth()]!, dayOfMonth: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds() }],
          timezone: 'UTC',
        },
        action: { type: 'startWorkflow', workflowType: 'openCycleWorkflow', workflowId: `open/${c.cycleId}`, taskQueue: d.taskQueue, args: [{ cycleId: c.cycleId }] },
        policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '365 days' },
        state: { remainingActions: 1, note: `Mở kỳ báo cáo / opens cycle ${c.cycleId}` },
      });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
    scheduled.push(c.cycleId);
  }
  return { started, scheduled };
}
