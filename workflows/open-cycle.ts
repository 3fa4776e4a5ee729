// The short opener that a cycle's Schedule runs at the cycle's opening instant: it starts the cycle
// workflow under its fixed ID and ends. (A Schedule that started the long cycle itself would, with
// the default SKIP overlap policy, silently skip an opening while the previous action still ran.)
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { OpenCycleInput } from './contract.ts';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export async function openCycleWorkflow(input: OpenCycleInput): Promise<void> {
  await acts.startCycleWorkflow(input);
}
