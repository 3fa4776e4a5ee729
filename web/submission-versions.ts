// A unit's submissions in a cycle are versions: none is overwritten, each later one is the next
// version. The office's unit page and the "all submissions" ZIP number them the same way: 1 for the
// first received, in the order received (the id breaks a tie between two posts in the same millisecond).

export interface Versioned {
  id: string;
  obligationId: string;
  receivedAt: Date;
}

/** Submission id → its version number within its obligation. */
export function versionNumbers(submissions: readonly Versioned[]): Map<string, number> {
  const ordered = [...submissions].sort((a, b) => a.obligationId.localeCompare(b.obligationId) || a.receivedAt.getTime() - b.receivedAt.getTime() || a.id.localeCompare(b.id));
  const numbers = new Map<string, number>();
  let previous = '';
  let n = 0;
  for (const s of ordered) {
    n = s.obligationId === previous ? n + 1 : 1;
    previous = s.obligationId;
    numbers.set(s.id, n);
  }
  return numbers;
}
