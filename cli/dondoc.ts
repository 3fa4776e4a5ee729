#!/usr/bin/env -S npx tsx
// The `dondoc` command. Errors are printed as one clear message (Vietnamese / English) with an exit
// code, never as a stack trace: 1 = invalid input, 2 = usage or unreadable file, 3 = a server is down.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { CliError, planCheck, readPlanFile } from './plan-commands.ts';
import { planPreviewCommand } from './plan-preview.ts';

const HELP = `dondoc – đôn đốc báo cáo định kỳ / periodic reporting follow-up

Cách dùng / usage:
  dondoc plan check FILE   kiểm tra tệp kế hoạch / validate a plan file
  dondoc plan preview FILE [--from NGÀY] [--to NGÀY] [--json] [--ics TỆP]
                           xem trước các mốc nhắc, hạn, quá hạn, báo cáo Thường trực Ban / preview every reminder and deadline
  dondoc plan load FILE    nạp kế hoạch và mở các kỳ báo cáo / load a plan and start its cycles
  dondoc cycle status|extend|exempt|resend PLAN CYCLE [UNIT]   (dondoc cycle --help)
                           tình trạng, gia hạn, miễn, nhắc lại / status, extend, exempt, resend
  dondoc submit PLAN CYCLE UNIT --comment "..."   ghi nhận báo cáo giấy / record a paper report
  dondoc user add|passwd|disable|list ...   (dondoc user --help)
                           tài khoản đăng nhập của văn phòng / the office's sign-in accounts
  dondoc worker            chạy Temporal worker / run the Temporal worker
  dondoc dev               chạy toàn bộ với cấu hình nhúng / run everything on the embedded defaults
                           (use \`npm run dev\`, which also starts the Temporal dev server)
  dondoc --help
`;

const STEP_LABELS = { units: 'đơn vị / units', contacts: 'đầu mối / contacts', obligations: 'nghĩa vụ báo cáo / obligations' };

/** "Đang lưu … 4.000/20.000" on stderr, at most twice a second and once at the end of each step. */
function progressOnStderr() {
  let last = 0;
  return (step: keyof typeof STEP_LABELS, done: number, total: number) => {
    const now = Date.now();
    if (done < total && now - last < 500) return;
    last = now;
    const n = (x: number) => x.toLocaleString('vi-VN');
    process.stderr.write(`Đang lưu / storing ${STEP_LABELS[step]}: ${n(done)}/${n(total)}\n`);
  };
}

async function planLoad(file: string): Promise<string> {
  const { plan, source } = await readPlanFile(file);
  const config = loadConfig();
  const { migrateDeploy } = await import('../db/migrate.ts');
  const { openDatabase } = await import('../db/client.ts');
  const { savePlan } = await import('../db/plans.ts');
  const { connectTemporal, prepareNamespace } = await import('../temporal/client.ts');
  const { openCycles } = await import('../temporal/open-cycles.ts');
  await migrateDeploy(config.databaseUrl);
  const prisma = await openDatabase(config.databaseUrl);
  try {
    const cycles = await savePlan(prisma, plan, source, progressOnStderr());
    let dondoc;
    try {
      dondoc = await connectTemporal(config.temporal);
    } catch {
      throw new CliError(`Không kết nối được Temporal tại ${config.temporal.address} / cannot reach Temporal at ${config.temporal.address}`, 3);
    }
    await prepareNamespace(dondoc);
    const { started, scheduled } = await openCycles(dondoc, cycles, new Date());
    await dondoc.client.connection.close();
    return [
      `Đã nạp / loaded "${plan.id}": ${cycles.map((c) => `${c.cycleId} (${c.obligationIds.length})`).join(', ')}`,
      `Mở ngay / opened now: ${started.join(', ') || '—'}`,
      `Lên lịch mở / scheduled to open (Temporal Schedules "open/…"): ${scheduled.join(', ') || '—'}`,
    ].join('\n');
  } finally {
    await prisma.$disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
  const [cmd, sub, file] = positionals;
  // The preview parses its own options (--from, --to, --json, --ics), everything after "preview".
  if (cmd === 'plan' && sub === 'preview') return planPreviewCommand(argv.slice(argv.indexOf('preview') + 1));
  if (values.help && (cmd === 'cycle' || cmd === 'submit')) {
    const { CYCLE_HELP } = await import('./cycle-commands.ts');
    process.stdout.write(`${CYCLE_HELP}\n`);
    return 0;
  }
  if (values.help && cmd === 'user') {
    const { USER_HELP } = await import('./user-commands.ts');
    process.stdout.write(`${USER_HELP}\n`);
    return 0;
  }
  if (values.help || !cmd) {
    process.stdout.write(HELP);
    return cmd || values.help ? 0 : 2;
  }
  if (cmd === 'plan' && (sub === 'check' || sub === 'load')) {
    if (!file) throw new CliError(`thiếu tên tệp / missing FILE\n\n${HELP}`, 2);
    console.log(sub === 'check' ? await planCheck(file) : await planLoad(file));
    return 0;
  }
  if (cmd === 'cycle' || cmd === 'submit') {
    const { cycleCommand } = await import('./cycle-commands.ts');
    console.log(await cycleCommand(loadConfig(), argv));
    return 0;
  }
  if (cmd === 'user') {
    const { userCommand } = await import('./user-commands.ts');
    const { promptNewPassword } = await import('./prompt-password.ts');
    console.log(await userCommand(loadConfig(), argv, { promptPassword: promptNewPassword }));
    return 0;
  }
  if (cmd === 'worker') {
    const { runWorker } = await import('../worker/main.ts');
    await runWorker();
    return 0;
  }
  if (cmd === 'dev') {
    const { runDev } = await import('./dev.ts');
    await runDev(loadConfig(), process.env.DONDOC_TEMPORAL_UI_URL ?? 'http://localhost:8233');
    return 0;
  }
  throw new CliError(`lệnh không hợp lệ / unknown command: ${positionals.join(' ')}\n\n${HELP}`, 2);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Error && err.name === 'CycleDatesChangedError') {
      console.error(err.message);
      process.exit(1);
    }
    if (err instanceof CliError || err instanceof ConfigError) {
      console.error(err.message);
      process.exit(err instanceof CliError ? err.exitCode : 2);
    }
    console.error(`Lỗi không mong đợi / unexpected error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
