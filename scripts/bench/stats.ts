// The one percentile the benches report (nearest rank on a sorted list): bench.ts and bench-dashboard.ts.
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
