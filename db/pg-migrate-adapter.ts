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

export function migrationAdapter(connectionString: string): PrismaPg {
  const pool = new pg.Pool({ connectionString });
  reportCatalogTypesAsText(pool); // plain queries
  pool.on('connect', reportCatalogTypesAsText); // transactions, on a client of their own
  return new PrismaPg(pool, { disposeExternalPool: true });
}
