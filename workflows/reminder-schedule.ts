// Which reminder to wait for next. Pure and deterministic, shared by the workflow and its tests.
// Rule: reminders whose time has passed (plan loaded late, worker down for a while) collapse into one,
// the latest, sent now; the unit never gets a stale burst.

/** Returns the index of the next reminder to handle at `now`, given that indices < `from` are done,
 * or -1 when none is left. A returned reminder may lie in the past: send it at once. */
export function nextReminder(remindersAt: number[], from: number, now: number): number {
  let latestPast = -1;
  for (let i = from; i < remindersAt.length; i++) {
    if (remindersAt[i]! <= now) latestPast = i;
    else return latestPast >= 0 ? latestPast : i;
  }
  return latestPast;
}
