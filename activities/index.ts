// The activity factory: the worker builds every activity from injected dependencies. Workflows import
// this module's type only (`proxyActivities<Activities>`), never its code.
import { cycleNoticeActivities } from './cycle-notices.ts';
import type { ActivityDeps } from './deps.ts';
import { fanOutActivities } from './fan-out.ts';
import { createMailGate, MAILS_IN_FLIGHT } from './mail-gate.ts';
import { reminderWaveActivities } from './reminder-wave.ts';
import { reviewActivities } from './review-notices.ts';
import { storedSubmissionActivities } from './stored-submission.ts';
import { taskReminderActivities } from './task-reminders.ts';
import { unitNoticeActivities } from './unit-notices.ts';

export type { ActivityDeps } from './deps.ts';

export function createActivities(given: ActivityDeps) {
  const deps = { ...given, mailGate: given.mailGate ?? createMailGate(MAILS_IN_FLIGHT) };
  return { ...unitNoticeActivities(deps), ...cycleNoticeActivities(deps), ...fanOutActivities(deps), ...storedSubmissionActivities(deps), ...reviewActivities(deps), ...taskReminderActivities(deps), ...reminderWaveActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
