// `dondoc request create`: a one-off request on a plan from a terminal, the same as the web form
// (domain/one-off-request.ts, db/requests.ts): stored as a one-off cycle of the plan and opened through
// the engine. Every bad input is refused before anything is stored, with exit code 2; the same
// command run twice stores one request (run it again when Temporal was down: it is opened then).
import { z } from 'zod';
import type { Config } from '../config/config.ts';
import { formatDate, localDateAt } from '../domain/calendar.ts';
import { dayInputMessage, parseDayInput } from '../domain/day-input.ts';
import { parseFigureLine, RequestInputSchema, type UnitSelection } from '../domain/one-off-request.ts';
import { PRESET_KEYS, presetDraft, REQUEST_PRESETS } from '../domain/request-presets.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './plan-commands.ts';

export const REQUEST_HELP = `dondoc request create --plan PLAN (--units a,b | --kind KIND | --objective N) --due dd/mm/yyyy
    [--title "..."] [--preset ${PRESET_KEYS.join('|')}] [--figure key:name:unit:type ...] [--opens dd/mm/yyyy] [--by NAME]
    yêu cầu báo cáo riêng (ngoài lịch của kế hoạch) / a one-off request outside the plan's calendar
  --units a,b      các đơn vị theo mã / the units by code
  --kind KIND      mọi đơn vị thuộc loại / every unit of a kind: department|board|mass-organisation|district|commune|ward|special-zone|other
  --objective N    các đơn vị chủ trì mục tiêu N / the lead units of objective N
  --due            hạn nộp; ngày nghỉ lùi sang ngày làm việc kế tiếp (Điều 148 BLDS) nếu kế hoạch áp dụng /
                   the last day; a day off moves to the next working day when the plan applies Civil Code art. 148
  --preset         mẫu điền tên và số liệu / a preset filling the title and figures:
${PRESET_KEYS.map((k) => `                   ${k}: ${REQUEST_PRESETS[k].vi} / ${REQUEST_PRESETS[k].en}`).join('\n')}
                   --title and --figure replace the preset's
  --figure         số liệu yêu cầu, lặp lại được / a figure asked for, repeatable (type integer|number|percent|text)
  --opens          ngày mở (mặc định hôm nay, thư báo gửi ngay) / the opening day (default today: the first email goes now)
  --by NAME        ai tạo, ghi vào nhật ký / who creates it, for the audit log (default: cli)
Exit codes: 0 ok, 2 invalid input (nothing stored), 3 Temporal unreachable (stored; run the same command again).`;

const bad = (message: string) => new CliError(`${message}\n\n${REQUEST_HELP}`, 2);

/** The command line's values, checked for form before anything is read (zod: the CLI is an edge). */
const Args = z.object({
  plan: z.string({ message: 'cần --plan / --plan is required' }).min(1, { message: 'cần --plan / --plan is required' }),
  title: z.string().optional(),
  units: z.string().optional(),
  kind: z.string().optional(),
  objective: z.string().regex(/^\d+$/, { message: '--objective phải là số mục tiêu / --objective must be an objective number' }).optional(),
  due: z.string({ message: 'cần --due dd/mm/yyyy / --due dd/mm/yyyy is required' }),
  opens: z.string().optional(),
  preset: z.enum(PRESET_KEYS, { message: `--preset: ${PRESET_KEYS.join('|')}` }).optional(),
  figure: z.array(z.string()).optional(),
  by: z.string().min(1).default('cli'),
});

function selectionOf(a: z.infer<typeof Args>): UnitSelection {
  const given = [a.units, a.kind, a.objective].filter((x) => x !== undefined).length;
  if (given !== 1) throw bad('cần đúng một trong --units, --kind, --objective / give exactly one of --units, --kind, --objective');
  if (a.units !== undefined) return { by: 'units', codes: a.units.split(',').map((c) => c.trim()).filter(Boolean) };
  if (a.kind !== undefined) return { by: 'kind', kind: a.kind as never }; // checked by RequestInputSchema
  return { by: 'objective', number: Number(a.objective) };
}

function day(raw: string | undefined, option: string): string | undefined {
  if (raw === undefined) return undefined;
  const d = parseDayInput(raw);
  if (d.ok) return d.day;
  const m = dayInputMessage(d.problem, raw);
  throw bad(`${option}: ${m.vi} / ${m.en}`);
}

export async function requestCommand(config: Config, argv: string[]): Promise<string> {
  const parsed = parseCommandArgs(
    argv,
    {
      plan: { type: 'string' },
      title: { type: 'string' },
      units: { type: 'string' },
      kind: { type: 'string' },
      objective: { type: 'string' },
      due: { type: 'string' },
      opens: { type: 'string' },
      preset: { type: 'string' },
      figure: { type: 'string', multiple: true },
      by: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    REQUEST_HELP,
  );
  if (parsed.values.help) return REQUEST_HELP;
  if (parsed.positionals[1] !== 'create' || parsed.positionals.length > 2) throw bad(`lệnh không hợp lệ / unknown command: ${parsed.positionals.join(' ')}`);
  const a = Args.safeParse(parsed.values);
  if (!a.success) throw bad(a.error.issues.map((i) => i.message).join('\n'));
  const args = a.data;
  const units = selectionOf(args);
  const lastDay = day(args.due, '--due');
  const opensOn = day(args.opens, '--opens');
  const figureLines = args.figure?.map(parseFigureLine);
  const badFigures = figureLines?.flatMap((r) => (r.ok ? [] : [r.error])) ?? [];
  if (badFigures.length) throw bad(badFigures.join('\n'));
  // A preset fills what the command line does not give: the title, and the figures unless --figure is given.
  const draft = args.preset ? presetDraft(args.preset, { year: Number(localDateAt(new Date()).slice(0, 4)), objective: units.by === 'objective' ? { number: units.number, text: '' } : undefined }) : undefined;
  const figures = figureLines ? figureLines.flatMap((r) => (r.ok ? [r.figure] : [])) : (draft?.figures ?? []);
  const input = RequestInputSchema.safeParse({ title: args.title ?? draft?.title ?? '', units, lastDay, opensOn, preset: args.preset, figures });
  if (!input.success) throw bad(input.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('\n'));

  const { createPrisma } = await import('../db/client.ts');
  const { migrateDeploy } = await import('../db/migrate.ts');
  const { createRequest, planOf, RequestRefused } = await import('../db/requests.ts');
  const { recordAudit } = await import('../db/audit.ts');
  await migrateDeploy(config.databaseUrl);
  const prisma = await createPrisma(config);
  try {
    const now = new Date();
    let created;
    try {
      created = await createRequest(prisma, await planOf(prisma, args.plan), input.data, args.by, now);
    } catch (err) {
      if (err instanceof RequestRefused) throw new CliError(`Không tạo được yêu cầu; chưa có gì được lưu / the request was not created; nothing was stored:\n${err.errors.map((e) => `  - ${e}`).join('\n')}`, 2);
      throw err;
    }
    const { stored } = created;
    await recordAudit(prisma, { actor: 'cli', action: 'request_create', target: stored.cycleId, detail: { created: created.created, units: stored.obligationIds.length, preset: args.preset, selection: units, by: args.by } });
    const what =
      `${created.created ? 'Đã tạo yêu cầu / created' : 'Yêu cầu đã có, không tạo lại / already stored, not created again'} ${stored.cycleId}: ` +
      `${stored.obligationIds.length} đơn vị / units, hạn / last day ${formatDate(stored.timeline.lastDay)}`;
    const { connectTemporal, withCycleDesign } = await import('../temporal/client.ts');
    const { openCycles } = await import('../temporal/open-cycles.ts');
    let d;
    try {
      d = withCycleDesign(await connectTemporal(config.temporal), config.cycleDesign, prisma);
    } catch {
      throw new CliError(`${what}\nKhông kết nối được Temporal tại ${config.temporal.address}; hãy chạy lại đúng lệnh này khi Temporal hoạt động (không tạo hai lần) / cannot reach Temporal at ${config.temporal.address}; run the same command again when it is up (nothing is created twice)`, 3);
    }
    try {
      const r = await openCycles(d, [stored], now);
      return `${what}\n${r.started.length ? 'Đã gửi cho các đơn vị / opened now' : `Sẽ mở ngày / opens on ${formatDate(localDateAt(stored.timeline.opensAt))}`}`;
    } finally {
      await d.client.connection.close();
    }
  } finally {
    await prisma.$disconnect();
  }
}
