// dondoc's embedded SMTP server: a real SMTP server (smtp-server, from the nodemailer project) that
// accepts every message and keeps it. The run command shows what it holds on the Outbox page; tests
// assert on what it actually received. Messages are also written as .eml files when `dir` is set, so
// the Outbox survives a restart. `refuseConnections` simulates a mail server that is down, for the
// connections a pooled client already holds too (the mailer keeps its connections open, so refusing new
// ones alone would not be an outage). Each message keeps its raw headers, so tests read what a real
// mail server would have received.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string; // sha256 of the raw message, first 16 hex chars
  receivedAt: Date;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Every header as received, by lower-case name, unfolded (the last one when a name repeats). */
  headers: Record<string, string>;
}

export interface MailCatcher {
  port: number;
  messages(): CaughtMail[];
  waitFor(predicate: (all: CaughtMail[]) => boolean, timeoutMs?: number): Promise<CaughtMail[]>;
  /**
   * A simulated outage: while true, new connections are refused (421 at the greeting), the open ones
   * are told 421 and closed when it begins, and any MAIL FROM still arriving is answered 421.
   */
  refuseConnections(refuse: boolean): void;
  /** Connections accepted since the start (refused ones not counted): how many a client opened. */
  connectionsOpened(): number;
  /** Connections open now. */
  connectionsOpen(): number;
  /** Answers 550 (permanent failure) for these recipients, as a server does for an unknown mailbox. */
  rejectRecipients(addresses: string[]): void;
  clear(): void;
  close(): Promise<void>;
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);
}

async function parse(raw: Buffer, receivedAt: Date): Promise<CaughtMail> {
  const m = await simpleParser(raw);
  return {
    id: createHash('sha256').update(raw).digest('hex').slice(0, 16),
    receivedAt,
    messageId: m.messageId ?? '',
    from: m.from?.text ?? '',
    to: addresses(m.to),
    subject: m.subject ?? '',
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : '',
    headers: Object.fromEntries(m.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()])),
  };
}

export interface MailCatcherOptions {
  port?: number;
  host?: string;
  /** Where messages are kept as .eml files (the Outbox across restarts); none: in memory only. */
  dir?: string;
  /** How long a connection may stay idle before the server ends it (smtp-server's default: 1 minute). */
  idleTimeoutMs?: number;
}

export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const stored: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  let refusing = false;
  let rejected = new Set<string>();
  let opened = 0;
  const OUTAGE = 'Service not available (simulated outage)';

  if (opts.dir) {
    await fs.mkdir(opts.dir, { recursive: true });
    for (const name of (await fs.readdir(opts.dir)).filter((n) => n.endsWith('.eml')).sort()) {
      const file = path.join(opts.dir, name);
      const stat = await fs.stat(file);
      stored.push(await parse(await fs.readFile(file), stat.mtime));
    }
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'dondoc embedded SMTP',
    size: 25 * 1024 * 1024,
    // What server.close() waits for connections still open before it ends them (default 30 s). close()
    // below ends the idle ones itself; this bounds a message still being received.
    closeTimeout: 2_000,
    ...(opts.idleTimeoutMs ? { socketTimeout: opts.idleTimeoutMs } : {}),
    onConnect(_session, callback) {
      if (refusing) return callback(Object.assign(new Error(OUTAGE), { responseCode: 421 }));
      opened++;
      callback();
    },
    onMailFrom(_address, _session, callback) {
      // A pooled connection opened before the outage began and not yet closed by it.
      if (refusing) return callback(Object.assign(new Error(OUTAGE), { responseCode: 421 }));
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        return callback(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const receivedAt = new Date();
        parse(raw, receivedAt)
          .then(async (mail) => {
            if (opts.dir) {
              const name = `${receivedAt.getTime()}-${mail.id}.eml`;
              await fs.writeFile(path.join(opts.dir, name), raw);
            }
            stored.push(mail);
            for (const w of waiters) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });

  // A client that goes away mid-conversation (a killed worker's pooled connections: ECONNRESET) is
  // reported as the server's 'error'; without a listener it would end the whole process. The mail it
  // was sending is retried by its sender, under the same business key.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    messages: () => [...stored],
    waitFor(predicate, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(stored)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve([...stored]);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`mail catcher: condition not met within ${timeoutMs} ms (${stored.length} messages: ${stored.map((m) => m.subject).join(' | ')})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    refuseConnections(refuse) {
      refusing = refuse;
      // A server that goes down drops its clients' sessions, the idle pooled ones included.
      if (refuse) for (const c of server.connections) endConnection(c, OUTAGE);
    },
    connectionsOpened: () => opened,
    connectionsOpen: () => server.connections.size,
    rejectRecipients(addresses) {
      rejected = new Set(addresses.map((a) => a.toLowerCase()));
    },
    clear() {
      stored.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A pooled client keeps its connections open between messages: end those at once, and let
        // one in the middle of a message finish (closeTimeout bounds it).
        for (const c of server.connections) if (!inTransaction(c)) endConnection(c, 'Server shutting down');
      }),
  };
}

type ServerConnection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** 421 (the server is closing the channel, RFC 5321 §3.8), which smtp-server follows with closing it. */
function endConnection(c: ServerConnection, why: string): void {
  c.send(421, why);
}

/** Between MAIL FROM and the end of its DATA (the envelope is set once the greeting went out). */
function inTransaction(c: ServerConnection): boolean {
  const envelope = (c.session as Partial<ServerConnection['session']>).envelope;
  return Boolean(envelope?.mailFrom);
}
