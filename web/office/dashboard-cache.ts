// A two-second memory of the cycle dashboard's database reads, shared by concurrent requests.
// Why: every dashboard read is a handful of aggregate queries over the whole cycle (about 35 ms at
// 20,000 units) and the SQLite adapter runs one query at a time, so 50 people refreshing the same
// page queue behind each other (p95 3.4 s measured). Requests within two seconds share one read
// (single flight); any change made through this web app (a POST that succeeded) forgets everything,
// so the office sees its own action at once. Changes made by the worker in another process show
// within two seconds.
export const DASHBOARD_TTL_MS = 2_000;

export class DashboardCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();
  constructor(private readonly ttlMs: number = DASHBOARD_TTL_MS, private readonly now: () => number = Date.now) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: this.now(), value });
    value.catch(() => this.entries.delete(key)); // a failed read is not remembered
    if (this.entries.size > 1_000) this.entries.delete(this.entries.keys().next().value!); // bounded
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
