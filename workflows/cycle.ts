// One reporting cycle of one plan: opens every unit's obligation, escalates the overdue ones to the
// standing committee after the grace period, and closes the cycle with its summary.
import { ParentClosePolicy, proxyActivities, sleep, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { obligationWorkflow, type ObligationInput } from './obligation.ts';

export interface CycleInput {
  cycleId: string;
  opensAt: string;
  escalationAt: string;
  closesAt: string;
  obligations: Omit<ObligationInput, 'closesAt'>[];
}

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

async function sleepUntil(iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now();
  if (ms > 0) await sleep(ms);
}

export async function cycleWorkflow(input: CycleInput) {
  await sleepUntil(input.opensAt);
  const children = [];
  for (const o of input.obligations) {
    children.push(
      await startChild(obligationWorkflow, {
        workflowId: o.obligationId, // deterministic and readable: plan/cycle/unit
        args: [{ ...o, closesAt: input.closesAt }],
        taskQueue: workflowInfo().taskQueue,
        // Obligations are durable on their own: cancelling the cycle must not drop a unit's report.
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    );
  }
  await sleepUntil(input.escalationAt);
  const escalation = await acts.sendEscalation({ cycleId: input.cycleId, scheduledFor: input.escalationAt });
  await sleepUntil(input.closesAt);
  await Promise.all(children.map((c) => c.result()));
  const summary = await acts.closeCycle({ cycleId: input.cycleId, closedAt: new Date(Date.now()).toISOString() });
  return { escalation, summary };
}
