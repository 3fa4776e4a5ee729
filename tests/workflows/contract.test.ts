// The client starts workflows by name with the signatures of workflows/contract.ts; this file fails
// the type check (npm test runs tsc first) when a workflow function drifts from its declared signature,
// and at run time when a name the client starts is not exported by the workflow bundle's entry.
import { describe, expect, it } from '@jest/globals';
import type { CycleWorkflow, ObligationWorkflow, OpenCycleWorkflow, TaskWorkflow, WaveCycleWorkflow } from '../../workflows/contract.ts';
import * as workflows from '../../workflows/index.ts';

const declared: { cycleWorkflow: CycleWorkflow; obligationWorkflow: ObligationWorkflow; openCycleWorkflow: OpenCycleWorkflow; taskWorkflow: TaskWorkflow; waveCycleWorkflow: WaveCycleWorkflow } = workflows;

describe('workflow contract', () => {
  it('exports every workflow the client starts by name', () => {
    expect(Object.keys(declared).sort()).toStrictEqual(['cycleWorkflow', 'obligationWorkflow', 'openCycleWorkflow', 'taskWorkflow', 'waveCycleWorkflow']);
    for (const fn of Object.values(declared)) expect(typeof fn).toBe('function');
  });
});
