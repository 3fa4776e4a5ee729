// One reporting cycle of the waves design (domain/cycle-design.ts): the cycle itself does all the
// time-driven work of its units. At each wave instant (its reminders, its deadline, its notice instant,
// and any a unit's own schedule adds by waveAlsoAt) it runs ONE activity that pages the pending
// obligations and decides per unit, from the database, what is due to it at that instant (a reminder,
// the overdue mark, the notice); it escalates and closes as the per-unit cycle (cycle.ts) does. No
// per-unit workflow is started when it opens: a unit gets one only when something particular to it
// happens (the client boundary starts it). Decisions in workflows/wave-cycle-machine.ts.
import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { CycleResult, EscalationOutcome, WaveCycleInput } from './contract.ts';
import { escalateAlsoAt, waveAlsoAt, waveState } from './messages.ts';
import { statusUpdate } from './search-attributes.ts';
import * as m from './wave-cycle-machine.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const waves = proxyActivities<Activities>({
  // 20,000 rows at a wave: minutes of mail. The heartbeat (every 5 s and after each page of 500)
  // carries the cursor, so a retry after a killed worker resumes there; 30 s without one: the worker
  // is gone and another takes the wave up (a changed timeout is not a replay difference).
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function waveCycleWorkflow(input: WaveCycleInput): Promise<CycleResult> {
  const s = m.initialWaveCycle(input);
  setHandler(waveAlsoAt, ({ at }) => void m.addWaves(s, at));
  setHandler(escalateAlsoAt, ({ at }) => void m.addEscalation(s, at));
  setHandler(waveState, () => m.waveStateOf(s));
  // DondocStatus is "open" from the start (temporal/search-attributes.ts startSearchAttributes). Nothing
  // to do at opensAt itself (no fan-out): every instant of the cycle is at or after it.
  const escalations: EscalationOutcome[] = [];
  for (;;) {
    const next = m.nextEvent(s);
    const seen = s.changed;
    const ms = Date.parse(next.at) - Date.now();
    // Wait for the instant, or until a message adds an earlier one.
    if (ms > 0 && (await condition(() => s.changed !== seen, ms))) continue;
    if (next.kind === 'close') break;
    m.beginEvent(s, next);
    if (next.kind === 'wave') m.waveDone(s, next.at, await waves.runWave({ cycleId: input.cycleId, at: next.at }));
    else escalations.push(await acts.sendEscalation({ cycleId: input.cycleId, scheduledFor: next.at }));
  }
  const summary = await acts.closeCycle({ cycleId: input.cycleId, closedAt: new Date(Date.now()).toISOString() });
  upsertSearchAttributes(statusUpdate('closed'));
  await condition(allHandlersFinished);
  return { started: 0, escalations, summary };
}
