// One reporting cycle of one plan: opens every unit's obligation (through the fan-out activity, so
// the cycle's history stays small whatever the number of units), escalates the overdue units to the
// standing committee on the plan's cadence, and closes the cycle with its summary. Changes that running
// cycles would replay differently are behind patched() (tests/workflows/replay.test.ts).
import { patched, proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { CycleInput, CycleResult } from './contract.ts';
import { escalateAlsoAt } from './messages.ts';
import { statusUpdate } from './search-attributes.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const fanOut = proxyActivities<Activities>({
  // 20,000 starts take minutes; the heartbeat carries progress, so a retry resumes where it stopped.
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Removes and returns the earliest instant (ISO strings of one format sort as instants). */
function nextOf(due: string[]): string | undefined {
  due.sort();
  return due.shift();
}

async function sleepUntil(iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now();
  if (ms > 0) await sleep(ms);
}

export async function cycleWorkflow(input: CycleInput): Promise<CycleResult> {
  // Escalation instants still to come: the plan's, plus those a cycle-wide extension adds (before close).
  const due = [...input.escalationsAt];
  let last = '';
  setHandler(escalateAlsoAt, ({ at }) => {
    if (at > last && at < input.closesAt && !due.includes(at)) due.push(at);
  });
  await sleepUntil(input.opensAt);
  const { started } = await fanOut.startObligations({ cycleId: input.cycleId });
  const escalations = [];
  for (let at = nextOf(due); at !== undefined; at = nextOf(due)) {
    await sleepUntil(at);
    last = at;
    escalations.push(await acts.sendEscalation({ cycleId: input.cycleId, scheduledFor: at }));
  }
  await sleepUntil(input.closesAt);
  const summary = await acts.closeCycle({ cycleId: input.cycleId, closedAt: new Date(Date.now()).toISOString() });
  // DondocStatus was set to "open" at start (temporal/search-attributes.ts); without this the Temporal UI
  // lists a closed cycle as open. closeCycle has just written the same status to the database.
  // (Its only handler, escalateAlsoAt, is synchronous: no handler can be cut off by returning.)
  if (patched('cycle-closed-status')) upsertSearchAttributes(statusUpdate('closed'));
  return { started, escalations, summary };
}
