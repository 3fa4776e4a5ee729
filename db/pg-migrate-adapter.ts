// The PostgreSQL driver adapter that Prisma's CLI (prisma.config.ts: `migrate deploy`, `migrate
// status`) runs on. @prisma/adapter-pg 6.19.3 refuses result columns of PostgreSQL's catalog types
// `name` (oid 19) and `"char"` (oid 18), "Column type 'name' could not be deserialized", and the
// migration engine reads the catalog through exactly those columns. Both are text on the wire, so
// every pooled connection reports them as `text` (oid 25) and the adapter reads them as strings.
// dondoc's own queries never return them: db/client.ts opens the plain adapter.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

const CATALOG_TEXT_TYPES = new Set([18, 19]);
const TEXT = 25;

type Query = (...args: unknown[]) => unknown;

function relabel(res: pg.QueryResult): pg.QueryResult {
  for (const field of res?.fields ?? []) if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
  return res;
}

/** Wraps `target.query` (a pool's or a pooled client's): the adapter calls both, promise form only. */
function reportCatalogTypesAsText(target: pg.Pool | pg.PoolClient): void {
  const query = target.query.bind(target) as Query;
  (target as unknown as { query: Query }).query = (...args: unknown[]) => {
    const result = query(...args);
    return result instanceof Promise ? result.then(relabel) : result;
  };
}

/**
 * The schema engine (WebAssembly) arms a 10 s timer on PostgreSQL (around its advisory lock) and
 * leaves it running after the command is done, so every `migrate deploy` took 11 s instead of 1
 * (measured; the timer's creator found by tracing setTimeout). Timers of 10 s or more made in the CLI
 * process no longer keep it alive; a wait that matters still has its query's socket open.
 */
function letTheCliExitBeforeLongTimers(): void {
  const g = globalThis as { setTimeout: typeof setTimeout; dondocTimersUnref?: boolean };
  if (g.dondocTimersUnref) return;
  g.dondocTimersUnref = true;
  const original = g.setTimeout;
  g.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) => {
    const timer = original(fn, ms, ...rest);
    if ((ms ?? 0) >= 10_000) timer.unref?.();
    return timer;
  }) as typeof setTimeout;
}

export function migrationAdapter(connectionString: string): PrismaPg {
  letTheCliExitBeforeLongTimers();
  // allowExitOnIdle: the CLI never closes the pool; its idle clients must not keep the process alive.
  const pool = new pg.Pool({ connectionString, allowExitOnIdle: true });
  reportCatalogTypesAsText(pool); // plain queries
  pool.on('connect', reportCatalogTypesAsText); // transactions, on a client of their own
  return new PrismaPg(pool, { disposeExternalPool: true });
}
