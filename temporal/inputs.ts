// Workflow inputs built from a cycle's timeline (UTC instants as ISO strings). Shared by the client
// boundary and the fan-out activity, so a cycle and its obligations always agree on their instants.
import type { CycleTimeline } from '../domain/timeline.ts';
import type { CycleInput, ObligationInput, WaveCycleInput } from '../workflows/contract.ts';

const iso = (d: Date) => d.toISOString();

export function cycleInput(cycleId: string, t: CycleTimeline): CycleInput {
  return {
    cycleId,
    opensAt: iso(t.opensAt),
    escalationsAt: [t.escalationAt, ...(t.escalationRepeatsAt ?? [])].filter((d) => d < t.closesAt).map(iso),
    closesAt: iso(t.closesAt),
  };
}

export function obligationInput(obligationId: string, t: CycleTimeline): ObligationInput {
  return {
    obligationId,
    remindersAt: t.reminders.map((r) => iso(r.at)),
    dueAt: iso(t.dueAt),
    overdueAt: iso(t.overdueAt),
    closesAt: iso(t.closesAt),
  };
}

/** A cycle of the waves design: the per-unit cycle's input and the instants of its waves. */
export function waveCycleInput(cycleId: string, t: CycleTimeline): WaveCycleInput {
  return { ...cycleInput(cycleId, t), remindersAt: t.reminders.map((r) => iso(r.at)), dueAt: iso(t.dueAt), overdueAt: iso(t.overdueAt) };
}
