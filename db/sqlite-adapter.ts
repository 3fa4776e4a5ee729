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

/** `client` with transactions that run on its own connection instead of detaching it. */
export function transactionsOnOneConnection(client: LibsqlClient): LibsqlClient {
  return {
    execute: (stmt) => client.execute(stmt),
    batch: (stmts, mode) => client.batch(stmts, mode),
    executeMultiple: (sql) => client.executeMultiple(sql),
    sync: () => client.sync(),
    close: () => client.close(),
    get closed() {
      return client.closed;
    },
    get protocol() {
      return client.protocol;
    },
    async transaction(mode: TransactionMode = 'write'): Promise<LibsqlTransaction> {
      await client.execute(BEGIN[mode]);
      return new OneConnectionTransaction(client);
    },
  };
}

class OneConnectionTransaction implements LibsqlTransaction {
  #client: LibsqlClient;
  #open = true;

  constructor(client: LibsqlClient) {
    this.#client = client;
  }

  get closed(): boolean {
    return !this.#open;
  }

  #check(): LibsqlClient {
    if (!this.#open) throw new Error('The transaction is closed');
    return this.#client;
  }

  execute(stmt: Parameters<LibsqlTransaction['execute']>[0]) {
    return this.#check().execute(stmt);
  }

  async batch(stmts: Parameters<LibsqlTransaction['batch']>[0]) {
    const results = [];
    for (const stmt of stmts) results.push(await this.#check().execute(stmt));
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
      // A COMMIT that fails (SQLITE_BUSY) leaves the transaction open, and on the one connection every
      // later statement would run inside it: end it, and let the caller retry (db/client.ts withBusyRetry).
      await client.execute('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    // SQLite may have rolled back already (after some errors): then there is nothing to end.
    await this.#client.execute('ROLLBACK').catch(() => undefined);
  }

  close(): void {
    void this.rollback();
  }
}

/** The SQLite adapter db/client.ts opens the database with. */
export class OneConnectionLibSQL extends PrismaLibSQL {
  override createClient(config: Parameters<PrismaLibSQL['createClient']>[0]): LibsqlClient {
    return transactionsOnOneConnection(super.createClient(config));
  }
}
