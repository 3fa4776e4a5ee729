// `npm run bench`'s report: a Markdown table per kind of row on stdout, the JSON and the processes' logs
// under test-artifacts/bench/, and BENCHMARKS.md's machine-read `bench-summary:` lines (issue 15).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DESIGN, GATES, MiB, started, WORK_DIR, WORKER_PROCESSES } from './options.ts';
import type { SizeResult } from './result.ts';
import type { FloorResult } from './smtp-floor.ts';

const root = path.resolve(import.meta.dirname, '../..');
const s = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
const mib = (b: number | undefined) => (b === undefined || Number.isNaN(b) ? '–' : String(Math.round(b / MiB)));

function table(results: SizeResult[]): string {
  const rows = [
    '| N | mail gate | load (savePlan) s | (a) raw start s | (b) dondoc open s | b/a | lateness p50 s | lateness p99 s | lateness max s | reminders received | overdue marks wave s after D | marked | escalation email s after D | worker RSS at start MiB | worker peak RSS MiB (VmHWM) | dev server RSS MiB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.skipped) {
      rows.push(`| ${r.n} | ${r.gate} | ${r.skipped} | | | | | | | | | | | | | |`);
      continue;
    }
    const ratio = r.openMs && r.baselineMs ? (r.openMs / r.baselineMs).toFixed(r.openMs / r.baselineMs < 0.1 ? 4 : 2) : '–';
    const o = r.overdue;
    const l = r.lateness;
    rows.push(
      `| ${r.n} | ${r.gate} | ${s(r.loadMs)} | ${s(r.baselineMs)} | ${s(r.openMs)} | ${ratio} | ${l ? s(l.p50Ms) : '–'} | ${l ? s(l.p99Ms) : r.latenessSkipped ?? '–'} | ${l ? s(l.maxMs) : '–'} | ${l ? `${l.count}/${l.expected}` : '–'} | ${o ? `${s(o.wave.started)}–${s(o.wave.completed)}` : '–'} | ${o ? `${o.wave.result?.marked ?? '?'} (db ${o.overdueRows})` : '–'} | ${o ? s(o.escalationReceivedMs) : '–'} | ${mib(r.workerPeakRss?.ready)} | ${mib(r.workerPeakRss?.hwm)} | ${mib(r.serverRss)} |`,
    );
  }
  return rows.join('\n');
}

function floorTable(floor: FloorResult[]): string {
  const rows = ['| N (floor) | pool connections | accepted s | last received s | per second | received | failed |', '|---:|---:|---:|---:|---:|---:|---:|'];
  for (const f of floor) rows.push(`| ${f.n} | ${f.maxConnections} | ${s(f.acceptedMs)} | ${s(f.lastReceivedMs)} | ${f.perSecond.toFixed(0)} | ${f.received}/${f.n} | ${f.failed} |`);
  return rows.join('\n');
}

/** BENCHMARKS.md's machine-read lines (issue 15), one per size measured, for the default configuration's floor. */
function summaryLines(results: SizeResult[], floor: FloorResult[]): string[] {
  const n2 = (x: number | undefined, d: number) => (x === undefined || Number.isNaN(x) ? 'NaN' : x.toFixed(d));
  return results
    .filter((r) => !r.skipped && r.gate === GATES[0])
    .map((r) => {
      const f = floor.find((x) => x.n === r.n && x.maxConnections === r.gate * WORKER_PROCESSES);
      const ratio = r.openMs && r.baselineMs ? r.openMs / r.baselineMs : NaN;
      return `bench-summary: n=${r.n} open_ratio=${n2(ratio, 4)} lateness_p99_s=${n2((r.lateness?.p99Ms ?? NaN) / 1000, 1)} floor_s=${n2((f?.acceptedMs ?? NaN) / 1000, 1)} worker_peak_mib=${n2((r.workerPeakRss?.hwm ?? NaN) / MiB, 0)}`;
    });
}

/** The versions a figure depends on (the JSON keeps them with the run). */
export function versions(cli: string): Record<string, string> {
  const pkg = (name: string) => JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version as string;
  let temporal = '?';
  try {
    temporal = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return {
    node: process.version,
    temporalCli: temporal,
    '@temporalio/*': pkg('@temporalio/worker'),
    prisma: pkg('@prisma/client'),
    '@libsql/client': pkg('@libsql/client'),
    nodemailer: pkg('nodemailer'),
    'smtp-server': pkg('smtp-server'),
  };
}

export type RunMeta = { date: string; machine: object; versions: object } & Record<string, unknown>;

export function report(meta: RunMeta, results: SizeResult[], floor: FloorResult[]): void {
  const out = path.join(root, 'test-artifacts', 'bench');
  fs.mkdirSync(out, { recursive: true });
  const stamp = meta.date.replace(/[:.]/g, '-');
  fs.writeFileSync(path.join(out, `bench-${stamp}.json`), JSON.stringify({ ...meta, totalS: (Date.now() - started) / 1000, floor, results }, null, 2));
  const serverLog = path.join(WORK_DIR!, 'temporal.log');
  if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, path.join(out, `temporal-${stamp}.log`));
  for (const r of results) {
    const w = path.join(WORK_DIR!, `worker-${r.n}-g${r.gate}.log`);
    if (fs.existsSync(w)) fs.copyFileSync(w, path.join(out, `worker-${r.n}-g${r.gate}-${stamp}.log`));
  }
  console.log(`\n## dondoc bench ${meta.date}\n`);
  console.log(`design: ${DESIGN}; mail gates (DONDOC_MAIL_IN_FLIGHT): ${GATES.join(', ')}\nmachine: ${JSON.stringify(meta.machine)}\nversions: ${JSON.stringify(meta.versions)}\ntotal: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (floor.length > 0) console.log(`${floorTable(floor)}\n`);
  if (results.length > 0) console.log(table(results));
  console.log(`\ndetails: ${JSON.stringify({ floor, results }, null, 1)}`);
  console.log('');
  for (const line of summaryLines(results, floor)) console.log(line);
  console.log(`\nJSON and logs in ${path.relative(root, out)}/`);
}
