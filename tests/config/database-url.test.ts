// DATABASE_URL (config/config.ts): its scheme picks the database (db/client.ts), so the configuration
// accepts exactly the schemes openDatabase knows and refuses the others before anything is opened.
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig, PG_POOL_MAX_DEFAULT } from '../../config/config.ts';
import { isPostgresUrl } from '../../db/client.ts';

describe('DATABASE_URL', () => {
  it('accepts SQLite files and PostgreSQL URLs, as given', () => {
    for (const url of ['file:/var/lib/dondoc/dondoc.db', 'postgresql://dondoc:pw@db.example:5432/dondoc', 'postgres://dondoc@127.0.0.1/dondoc']) {
      expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    }
  });

  it('refuses another database, naming both that it accepts', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://dondoc@localhost/dondoc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://dondoc@localhost/dondoc' })).toThrow(/DATABASE_URL: SQLite "file:\.\.\." or PostgreSQL "postgresql:\/\/\.\.\."/);
  });

  it('opens PostgreSQL for postgres:// and postgresql:// only', () => {
    expect(['postgresql://h/d', 'postgres://h/d', 'POSTGRESQL://h/d'].map(isPostgresUrl)).toEqual([true, true, true]);
    expect(['file:x.db', 'file:postgres://x', 'postgresql:/x'].map(isPostgresUrl)).toEqual([false, false, false]);
  });
});

describe('DONDOC_PG_POOL_MAX', () => {
  it('defaults to 20 connections per process, more than pg\'s own 10 (measured: 50 concurrent dashboard requests queued behind 10)', () => {
    expect(PG_POOL_MAX_DEFAULT).toBe(20);
    expect(loadConfig({}).databasePoolMax).toBe(20);
  });

  it('takes a whole number of connections and refuses anything else', () => {
    expect(loadConfig({ DONDOC_PG_POOL_MAX: '50' }).databasePoolMax).toBe(50);
    for (const bad of ['0', '-1', '2.5', 'many']) expect(() => loadConfig({ DONDOC_PG_POOL_MAX: bad })).toThrow(/DONDOC_PG_POOL_MAX/);
  });
});
