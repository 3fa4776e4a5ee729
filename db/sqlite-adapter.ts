// The SQLite driver adapter: @prisma/adapter-libsql over ONE libSQL connection for the client's life.
// The adapter's libSQL client (0.8, its own dependency) runs each transaction on the connection it has
// and opens a new one for what comes next, and nothing ever closes the old one: every interactive
// `$transaction` and every write Prisma's query plan wraps in one (a create, an update by unique key)
// left a connection, with its descriptors on the database file and its -wal, open for good
// (libsql-client-ts#350; closing it would not free them either, libsql-js#230). The issue 15 wave at
// 20,000 units held 10,078 of them and failed with "Failed to connect to database"
// (tests/activities/wave-handles.test.ts counts them). Here a transaction runs on the client's one
// connection instead: BEGIN, its statements, COMMIT or ROLLBACK there. That is safe because the
// adapter already lets nothing else use the client while a transaction is open (it holds the client's
// lock from startTransaction until commit or rollback), and it keeps the connection's pragmas
// (busy_timeout, set by db/client.ts) for every transaction, which a fresh connection lost.
import { PrismaLibSQL } from '@prisma/adapter-libsql';

type LibsqlClient = ReturnType<PrismaLibSQL['createClient']>;
type LibsqlTransaction = Awaited<ReturnType<LibsqlClient['transaction']>>;
type TransactionMode = 'write' | 'read' | 'deferred'; // libSQL's TransactionMode

const BEGIN: Record<TransactionMode, string> = { write: 'BEGIN IMMEDIATE', read: 'BEGIN TRANSACTION READONLY', deferred: 'BEGIN DEFERRED' };

/** SQLite's busy timeout on the connection, ms: a writer waits this long for another process's write. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * The client's one connection, renewed after a statement fails: libSQL leaves a failed statement
 * un-reset (libsql-js#230), and SQLite then refuses every later COMMIT on that connection ("cannot commit
 * transaction - SQL statements in progress"), which Prisma reports as "Transaction already closed"
 * (seen with two processes writing one file: a BEGIN that met the other's lock, then every commit
 * after it; tests/temporal/submission-delivery.test.ts). Errors are rare (contention, a duplicate
 * key), so the handles an abandoned connection may keep stay few.
 */
class SharedConnection {
  client: LibsqlClient;
  constructor(private readonly open: () => LibsqlClient) {
    this.client = open();
  }
  async renew(): Promise<void> {
    const old = this.client;
    this.client = this.open();
    await this.client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    try {
      old.close();
    } catch {
      // closed already
    }
  }
  /** Runs `fn` on the connection; after a failure, the next statement gets a fresh connection. */
  async run<T>(fn: (c: LibsqlClient) => Promise<T>, renewOnError: boolean): Promise<T> {
    try {
      return await fn(this.client);
    } catch (err) {
      if (renewOnError) await this.renew();
      throw err;
    }
  }
}

/** A libSQL client whose transactions run on its one connection instead of detaching it. */
export function transactionsOnOneConnection(open: () => LibsqlClient): LibsqlClient {
  const conn = new SharedConnection(open);
  return {
    execute: (stmt) => conn.run((c) => c.execute(stmt), true),
    batch: (stmts, mode) => conn.run((c) => c.batch(stmts, mode), true),
    executeMultiple: (sql) => conn.run((c) => c.executeMultiple(sql), true),
    sync: () => conn.client.sync(),
    close: () => conn.client.close(),
    get closed() {
      return conn.client.closed;
    },
    get protocol() {
      return conn.client.protocol;
    },
    async transaction(mode: TransactionMode = 'write'): Promise<LibsqlTransaction> {
      // A BEGIN that fails (another process holds the lock) opened nothing: a fresh connection after it.
      await conn.run((c) => c.execute(BEGIN[mode]), true);
      return new OneConnectionTransaction(conn);
    },
  };
}

class OneConnectionTransaction implements LibsqlTransaction {
  #conn: SharedConnection;
  #open = true;
  /** A statement of this transaction failed: the connection is renewed once the transaction has ended. */
  #failed = false;

  constructor(conn: SharedConnection) {
    this.#conn = conn;
  }

  get closed(): boolean {
    return !this.#open;
  }

  #check(): LibsqlClient {
    if (!this.#open) throw new Error('The transaction is closed');
    return this.#conn.client;
  }

  async execute(stmt: Parameters<LibsqlTransaction['execute']>[0]) {
    try {
      return await this.#check().execute(stmt);
    } catch (err) {
      this.#failed = true;
      throw err;
    }
  }

  async batch(stmts: Parameters<LibsqlTransaction['batch']>[0]) {
    const results = [];
    for (const stmt of stmts) results.push(await this.execute(stmt));
    return results;
  }

  async executeMultiple(): Promise<void> {
    // The client's executeMultiple rolls back whatever transaction its connection holds; the adapter
    // never runs a script inside a transaction.
    throw new Error('executeMultiple inside a transaction is not supported on the shared connection');
  }

  async commit(): Promise<void> {
    const client = this.#check();
    this.#open = false;
    try {
      await client.execute('COMMIT');
    } catch (err) {
      // A COMMIT that fails leaves the transaction open, and on the one connection every later statement
      // would run inside it: end it (ROLLBACK succeeds even with a statement left un-reset), and let the
      // caller retry (db/client.ts withBusyRetry) on a fresh connection.
      await client.execute('ROLLBACK').catch(() => undefined);
      await this.#conn.renew();
      throw err;
    }
    if (this.#failed) await this.#conn.renew();
  }

  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    // SQLite may have rolled back already (after some errors): then there is nothing to end.
    await this.#conn.client.execute('ROLLBACK').catch(() => undefined);
    if (this.#failed) await this.#conn.renew();
  }

  close(): void {
    void this.rollback();
  }
}

/** The SQLite adapter db/client.ts opens the database with. */
export class OneConnectionLibSQL extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL['createClient']>[0]): LibsqlClient {
    return transactionsOnOneConnection(() => super.createClient(config));
  }
}
