// A stand-in for the waves cycle's workflow (P15's waveCycleWorkflow is not on this branch), bundled
// only by tests/e2e/wave-units.test.ts: it runs under the cycle's workflow ID, sends nothing, and
// until the cycle closes records the signals the client boundary sends a waves cycle, for the test to query.
import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import { escalateAlsoAt, waveAlsoAt } from '../../workflows/messages.ts';

export interface HeardSignals {
  waveAlsoAt: string[][];
  escalateAlsoAt: string[];
}

export const heardSignals = defineQuery<HeardSignals>('heardSignals');

export async function waveCycleStandIn(closesAt: string): Promise<HeardSignals> {
  const heard: HeardSignals = { waveAlsoAt: [], escalateAlsoAt: [] };
  setHandler(waveAlsoAt, (x) => void heard.waveAlsoAt.push(x.at));
  setHandler(escalateAlsoAt, (x) => void heard.escalateAlsoAt.push(x.at));
  setHandler(heardSignals, () => heard);
  await condition(() => false, Math.max(1, Date.parse(closesAt) - Date.now())); // until the cycle closes
  return heard;
}
