// Deterministic, readable business IDs. They are both database keys and Temporal workflow IDs, so a
// person can find "langson-2016/2016-annual/so-noi-vu" in the Temporal UI and in the database.
export function cycleId(planId: string, cycleKey: string): string {
  return `${planId}/${cycleKey}`;
}

export function obligationId(planId: string, cycleKey: string, unitCode: string): string {
  return `${planId}/${cycleKey}/${unitCode}`;
}

/** Business key of an email: one email per (kind, subject, scheduled instant), ever. */
export function emailKey(kind: string, subjectId: string, scheduledFor: Date | string): string {
  const at = typeof scheduledFor === 'string' ? scheduledFor : scheduledFor.toISOString();
  return `${kind}:${subjectId}:${at}`;
}
