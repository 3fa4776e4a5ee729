// The parts of one gated reminder of a wave, timed alone on this machine (BENCHMARKS.md, issue 15):
// dondoc's mailer (mail/mailer.ts, pooled), a fresh SMTP connection per mail (what the mailer did before
// it was pooled) and a plain pooled nodemailer connection, all to the bench's SMTP server
// (mail/catcher.ts); then the mailer with the gate's default number of mails at once (its wall time per
// mail, not one mail's latency); and one committed SQLite write through
// Prisma (db/client.ts, WAL) as sendOnce does two of inside the gate. One at a time, so each figure is
// that part's own latency. Run: `DONDOC_BENCH_TEMPLATE_DB=<migrated db> npx tsx scripts/bench/send-parts.ts`
// (scripts/bench.sh migrates one) or through a copy of any migrated dondoc database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { createPrisma } from '../../db/client.ts';
import { startMailCatcher } from '../../mail/catcher.ts';
import { MAILS_IN_FLIGHT } from '../../activities/mail-gate.ts';
import { createMailer } from '../../mail/mailer.ts';
import { renderReminder } from '../../templates/reminder.ts';

const N = 200;
const office = { name: 'Văn phòng (bench)', email: 'office@bench.dondoc.invalid' };
const email = renderReminder({ unitName: 'Đơn vị', cycleTitle: 'Báo cáo', planTitle: 'Kế hoạch', lastDay: '2026-12-31', daysLeft: 3, link: 'http://127.0.0.1:9/r/x', office });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  console.log(`${label}: median ${median(ms).toFixed(1)} ms, mean ${(ms.reduce((a, b) => a + b, 0) / N).toFixed(1)} ms over ${N}`);
}

async function main() {
  const catcher = await startMailCatcher({ host: '127.0.0.1' });
  const mail = (i: number) => ({ to: [`u${i}@bench.dondoc.invalid`], subject: email.subject, text: email.text, html: email.html, messageId: `<p${i}@bench.dondoc.invalid>`, replyTo: office.email });
  const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@bench.dondoc.invalid>' });
  await timed("dondoc's mailer (pooled)", (i) => mailer.send(mail(i)));
  const t = performance.now();
  await Promise.all(Array.from({ length: MAILS_IN_FLIGHT }, async (_, lane) => {
    for (let i = lane; i < N; i += MAILS_IN_FLIGHT) await mailer.send(mail(N + i));
  }));
  console.log(`dondoc's mailer, ${MAILS_IN_FLIGHT} mails at once: ${((performance.now() - t) / N).toFixed(1)} ms of wall time per mail over ${N}`);
  mailer.close();
  const fresh = { host: '127.0.0.1', port: catcher.port, secure: false, ignoreTLS: true } as const;
  await timed('a fresh connection per mail', (i) => nodemailer.createTransport(fresh).sendMail({ from: 'dondoc <no-reply@bench.dondoc.invalid>', ...mail(i) }));
  const pool = nodemailer.createTransport({ ...fresh, pool: true, maxConnections: 1 });
  await timed('pooled nodemailer connection', (i) => pool.sendMail({ from: 'dondoc <no-reply@bench.dondoc.invalid>', ...mail(i) }));
  pool.close();
  await catcher.close();

  const template = process.env.DONDOC_BENCH_TEMPLATE_DB;
  if (!template) return console.log('no DONDOC_BENCH_TEMPLATE_DB: SQLite write not timed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'send-parts-'));
  const db = path.join(dir, 'parts.db');
  fs.copyFileSync(template, db);
  const prisma = await createPrisma({ databaseUrl: `file:${db}` });
  await prisma.$executeRawUnsafe('CREATE TABLE parts (id INTEGER PRIMARY KEY, n INTEGER)');
  await prisma.$executeRawUnsafe('INSERT INTO parts (id, n) VALUES (1, 0)');
  await timed('one committed SQLite write (WAL, Prisma + libSQL)', () => prisma.$executeRawUnsafe('UPDATE parts SET n = n + 1 WHERE id = 1'));
  await prisma.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
