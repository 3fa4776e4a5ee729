// How a cycle's time-driven work is done (issue 15), one vocabulary for the config, the database
// (Cycle.design) and the client boundary:
// - 'per-unit': the design every cycle before issue 15 runs on: the cycle workflow fans out one
//   obligation workflow per unit, and each wakes on its own timers (reminders, overdue, notice).
// - 'waves': the cycle workflow itself does each wave (the reminders due at one instant, the overdue
//   marks, the notices) with one activity that pages the pending units from the database; a unit gets a
//   workflow of its own only when something particular to it happens (a report, an office decision).
// A cycle keeps the design it started with (its workflow type and histories), whatever the config says later.
// Pure and import-free.

export const CYCLE_DESIGNS = ['per-unit', 'waves'] as const;
export type CycleDesign = (typeof CYCLE_DESIGNS)[number];
