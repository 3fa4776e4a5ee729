// The run's private PostgreSQL server (jest project `unit-pg`), started once by global-setup.ts: the
// server scripts/postgres-server.ts starts (shared with the dashboard benchmark), in a data folder
// under test-artifacts/, and one migrated template database; tests/helpers/db.ts copies it per test
// (CREATE DATABASE ... TEMPLATE: a file copy, fast).
import { migrateDeploy } from '../../db/migrate.ts';
import { adminQuery, startPrivatePostgres, type PrivatePostgres } from '../../scripts/postgres-server.ts';

export { adminQuery };

/** The server's base URL (no database), read by tests/helpers/db.ts. */
export const PG_URL_ENV = 'DONDOC_TEST_PG_URL';
/** The migrated template database's name. */
export const PG_TEMPLATE_ENV = 'DONDOC_TEST_PG_TEMPLATE';
/** Set by the `unit-pg` project's setup file: freshDatabase() then gives a PostgreSQL database. */
export const PG_SELECT_ENV = 'DONDOC_TEST_DB';
export const TEMPLATE_DB = 'dondoc_template';

export type TestPostgres = PrivatePostgres;

export async function startTestPostgres(binDir: string, folder: string): Promise<TestPostgres> {
  const server = await startPrivatePostgres(binDir, folder, { durable: false });
  try {
    await adminQuery(server.baseUrl, `CREATE DATABASE "${TEMPLATE_DB}"`);
    // dondoc's own startup migration (the CLI's and `dondoc dev`'s), not a copy of it.
    await migrateDeploy(`${server.baseUrl}/${TEMPLATE_DB}`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}
