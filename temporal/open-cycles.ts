// Opening a plan's cycles: a cycle whose opening instant has passed starts now (a plan loaded
// mid-period opens its current cycle at once); a later one gets a one-shot Temporal Schedule,
// "open/<cycleId>", that runs the opener workflow at the opening instant. The Schedules are visible
// (and can be paused) in the Temporal UI. Loading the same plan again changes nothing.
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Month } from '@temporalio/client';
import type { StoredCycle } from '../db/plans.ts';
import type { OpenCycleWorkflow } from '../workflows/contract.ts';
import { startCycle, type Dondoc } from './client.ts';

const MONTHS: Month[] = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

export const openingScheduleId = (cycleId: string) => `open/${cycleId}`;

export async function openCycles(d: Dondoc, cycles: StoredCycle[], now: Date): Promise<{ started: string[]; scheduled: string[] }> {
  const started: string[] = [];
  const scheduled: string[] = [];
  for (const c of cycles) {
    const at = c.timeline.opensAt;
    if (at <= now) {
      await startCycle(d, c);
      started.push(c.cycleId);
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
