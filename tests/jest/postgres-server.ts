// The run's private PostgreSQL server (jest project `unit-pg`), started once by global-setup.ts: a data
// folder of its own under test-artifacts/, a free loopback port, never the machine's own cluster.
// Debian's PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user in a
// folder it owns. One migrated template database; tests/helpers/db.ts copies it per test (CREATE
// DATABASE ... TEMPLATE: a file copy, fast).
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrateDeploy } from '../../db/migrate.ts';
import { freePort } from './shared-servers.ts';

const run = promisify(execFile);

/** The server's base URL (no database), read by tests/helpers/db.ts. */
export const PG_URL_ENV = 'DONDOC_TEST_PG_URL';
/** The migrated template database's name. */
export const PG_TEMPLATE_ENV = 'DONDOC_TEST_PG_TEMPLATE';
/** Set by the `unit-pg` project's setup file: freshDatabase() then gives a PostgreSQL database. */
export const PG_SELECT_ENV = 'DONDOC_TEST_DB';
export const TEMPLATE_DB = 'dondoc_template';
const USER = 'dondoc';

export interface TestPostgres {
  baseUrl: string;
  stop(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

async function pgCommand(binDir: string, cmd: string, args: string[]): Promise<void> {
  const exe = path.join(binDir, cmd);
  if (asRoot) await run('runuser', ['-u', 'postgres', '--', exe, ...args]);
  else await run(exe, args);
}

export async function startTestPostgres(binDir: string, folder: string): Promise<TestPostgres> {
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  if (asRoot) await run('chown', ['postgres:postgres', folder]);
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'server.log');
  // C.UTF-8: the byte order SQLite's BINARY collation has, so both providers sort names alike.
  await pgCommand(binDir, 'initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  // Durability is not what tests measure: no fsync makes CREATE DATABASE and every commit cheap.
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  try {
    await pgCommand(binDir, 'pg_ctl', ['-D', data, '-o', options, '-l', log, '-w', '-t', '60', 'start']);
  } catch (err) {
    const tail = await fs.readFile(log, 'utf8').catch(() => '');
    throw new Error(`PostgreSQL did not start on port ${port}: ${(err as Error).message}\n${tail.slice(-2000)}`);
  }
  const baseUrl = `postgresql://${USER}@127.0.0.1:${port}`;
  const stop = () => pgCommand(binDir, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
  try {
    await adminQuery(baseUrl, `CREATE DATABASE "${TEMPLATE_DB}"`);
    // dondoc's own startup migration (the CLI's and `dondoc dev`'s), not a copy of it.
    await migrateDeploy(`${baseUrl}/${TEMPLATE_DB}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, stop };
}

/** Runs one statement on the server's `postgres` database (CREATE/DROP DATABASE cannot run in a database they touch). */
export async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${baseUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
