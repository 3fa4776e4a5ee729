// The worker's workflow bundle entry point: every workflow type dondoc registers.
export { cycleWorkflow } from './cycle.ts';
export { obligationWorkflow } from './obligation.ts';
export { openCycleWorkflow } from './open-cycle.ts';
export { taskWorkflow } from './task.ts';
export { waveCycleWorkflow } from './wave-cycle.ts';
