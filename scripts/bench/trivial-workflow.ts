// The baseline's workflow for `npm run bench`: raw Temporal, one line, sleeping like an obligation
// workflow does between its reminders.
import { sleep } from '@temporalio/workflow';

export async function trivialWorkflow(): Promise<void> {
  await sleep('1 day');
}
