// A private PostgreSQL server for the tests (tests/jest/postgres-server.ts) and the dashboard benchmark
// (scripts/bench-dashboard.ts): Debian's PostgreSQL 15 programs (scripts/lib.sh ensure_postgres), a data
// folder of its own, a free loopback port and a socket in that folder, never the machine's own cluster.
// Debian's PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user in a
// folder it owns.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { freePort } from './free-port.ts';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const USER = 'dondoc';
const asRoot = process.getuid?.() === 0;

export interface PrivatePostgres {
  /** postgresql://dondoc@127.0.0.1:PORT, without a database. */
  baseUrl: string;
  stop(): Promise<void>;
}

export interface PrivatePostgresOptions {
  /**
   * false (the tests): no fsync, no synchronous commit, no full-page writes, since durability is not
   * what they measure and CREATE DATABASE and every commit get cheap. true (the benchmark): the
   * server's defaults, as a production server runs.
   */
  durable?: boolean;
  maxConnections?: number;
}

async function pgCommand(binDir: string, cmd: string, args: string[]): Promise<void> {
  const exe = path.join(binDir, cmd);
  if (asRoot) await run('runuser', ['-u', 'postgres', '--', exe, ...args]);
  else await run(exe, args);
}


/** initdb in `folder` (emptied first), then pg_ctl start on a free loopback port; stop() is pg_ctl stop -m immediate. */
export async function startPrivatePostgres(binDir: string, folder: string, options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  if (asRoot) await run('chown', ['postgres:postgres', folder]);
  const data = path.join(folder, 'data');
  const log = path.join(folder, 'server.log');
  // C.UTF-8: the byte order SQLite's BINARY collation has, so both providers sort names alike.
  await pgCommand(binDir, 'initdb', ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const settings = [`-p ${port}`, `-k ${folder}`, '-c listen_addresses=127.0.0.1', `-c max_connections=${options.maxConnections ?? 200}`];
  if (!options.durable) settings.push('-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off');
  try {
    await pgCommand(binDir, 'pg_ctl', ['-D', data, '-o', settings.join(' '), '-l', log, '-w', '-t', '60', 'start']);
  } catch (err) {
    const tail = await fs.readFile(log, 'utf8').catch(() => '');
    throw new Error(`PostgreSQL did not start on port ${port}: ${(err as Error).message}\n${tail.slice(-2000)}`);
  }
  const baseUrl = `postgresql://${USER}@127.0.0.1:${port}`;
  const stop = () => pgCommand(binDir, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => {});
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
