#!/usr/bin/env -S npx tsx
// The `dondoc` command (package.json "bin": `npx dondoc ...` inside the project; the file is committed
// executable, so npx finds nothing to change). Errors are printed as one clear message (Vietnamese /
// English) with an exit code, never as a stack trace: 1 = invalid input, 2 = usage or unreadable
// file, 3 = a server is down. Settings come from config/config.ts only.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { CliError, planCheck, planLoad } from './plan-commands.ts';
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
  dondoc request create --plan PLAN --title "..." --units a,b|--kind KIND|--objective N --due dd/mm/yyyy
                           yêu cầu báo cáo riêng / a one-off request (dondoc request --help)
  dondoc user add|passwd|disable|grant|revoke|list ...   (dondoc user --help)
                           tài khoản đăng nhập và kế hoạch được giao / the office's sign-in accounts and their plans
  dondoc worker            chạy Temporal worker / run the Temporal worker
  dondoc web               chạy ứng dụng web (kèm /healthz, /readyz) / run the web app alone
  dondoc dev               chạy toàn bộ với cấu hình nhúng / run everything on the embedded defaults
                           (use \`npm run dev\`, which also starts the Temporal dev server)
  dondoc --help
`;

/** Every command (and `plan`'s subcommands): anything else is an unknown command, --help or not. */
const COMMANDS = new Set(['plan', 'cycle', 'submit', 'request', 'user', 'worker', 'web', 'dev']);
const PLAN_SUBCOMMANDS = new Set(['check', 'preview', 'load']);

function unknownCommand(positionals: string[]): CliError {
  return new CliError(`lệnh không hợp lệ / unknown command: ${positionals.join(' ')}\n\n${HELP}`, 2);
}

/**
 * The Temporal UI of the dev server that scripts/dev.sh starts: the Temporal CLI puts it on the gRPC
 * port + 1000 (8233 for 7233). Derived from the configured address, so no setting is read here.
 */
function devServerUiUrl(temporalAddress: string): string {
  const port = Number(temporalAddress.split(':').pop());
  return `http://localhost:${Number.isInteger(port) ? port + 1000 : 8233}`;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
  const [cmd, sub, file] = positionals;
  // Before any help: `dondoc nosuchcommand --help` is a mistake to point out, not a request for help.
  if ((cmd && !COMMANDS.has(cmd)) || (cmd === 'plan' && sub && !PLAN_SUBCOMMANDS.has(sub))) throw unknownCommand(positionals);
  // The preview parses its own options (--from, --to, --json, --ics), everything after "preview".
  if (cmd === 'plan' && sub === 'preview') return planPreviewCommand(argv.slice(argv.indexOf('preview') + 1));
  if (values.help && (cmd === 'cycle' || cmd === 'submit')) {
    const { CYCLE_HELP } = await import('./cycle-commands.ts');
    process.stdout.write(`${CYCLE_HELP}\n`);
    return 0;
  }
  if (values.help && cmd === 'request') {
    const { REQUEST_HELP } = await import('./request-commands.ts');
    process.stdout.write(`${REQUEST_HELP}\n`);
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
    console.log(sub === 'check' ? await planCheck(file) : await planLoad(file, loadConfig));
    return 0;
  }
  if (cmd === 'cycle' || cmd === 'submit') {
    const { cycleCommand } = await import('./cycle-commands.ts');
    console.log(await cycleCommand(loadConfig(), argv));
    return 0;
  }
  if (cmd === 'request') {
    const { requestCommand } = await import('./request-commands.ts');
    console.log(await requestCommand(loadConfig(), argv));
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
  if (cmd === 'web') {
    const { runWeb } = await import('../app/web-process.ts');
    await runWeb(loadConfig());
    return 0;
  }
  if (cmd === 'dev') {
    const { runDev } = await import('./dev.ts');
    const config = loadConfig();
    await runDev(config, devServerUiUrl(config.temporal.address));
    return 0;
  }
  throw unknownCommand(positionals);
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
