// `dondoc plan check FILE` and `dondoc plan load FILE` (`plan preview` is cli/plan-preview.ts), and
// the plan-file reading and the CliError (a message and an exit code) that the other commands share.
import fs from 'node:fs/promises';
import type { Config } from '../config/config.ts';
import { formatPlanError, parsePlan, planErrorLocator, type PlanError, type PlanResult } from '../domain/plan-file.ts';
import type { Plan } from '../domain/plan-schema.ts';
import { districtWarnings } from '../domain/unit-warnings.ts';
import type { ReadForm } from './plan-forms.ts';

/** A clear message for the terminal (Vietnamese / English) and the exit code to end with. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export async function readPlanFile(file: string): Promise<{ plan: Plan; source: string }> {
  let source: string;
  try {
    source = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: không đọc được tệp (${code}) / cannot read the file (${code})`, 2);
  }
  const result: PlanResult = parsePlan(source);
  if (!result.ok) throw invalidPlan(file, result.errors);
  return { plan: result.plan, source };
}

function invalidPlan(file: string, errors: PlanError[]): CliError {
  const lines = errors.map((e) => `  ${formatPlanError(e)}`);
  return new CliError(`${file}: kế hoạch không hợp lệ, ${errors.length} lỗi / invalid plan, ${errors.length} error(s):\n${lines.join('\n')}`);
}

/**
 * What a valid plan should still be looked at for (domain/unit-warnings.ts), each at its line, on stderr:
 * `plan check` and `plan load` print them as `plan preview` does, and end with the same exit code.
 */
export function warnOnStderr(plan: Plan, source: string): void {
  const warnings = districtWarnings(plan);
  if (warnings.length === 0) return;
  const locate = planErrorLocator(source);
  for (const w of warnings) process.stderr.write(`Cảnh báo / warning: ${formatPlanError(locate(w.path, w.message))}\n`);
}

/** The plan file and the report forms it names (cli/plan-forms.ts), each form read and checked. */
async function readPlanAndForms(file: string): Promise<{ plan: Plan; source: string; forms: Map<string, ReadForm[]>; formCount: number }> {
  const { plan, source } = await readPlanFile(file);
  if (!plan.cycles.some((c) => c.forms?.length)) return { plan, source, forms: new Map(), formCount: 0 };
  // Loaded only for a plan with forms: the content sniffing (file-type) adds to every `plan check`.
  const { readPlanForms } = await import('./plan-forms.ts');
  const read = await readPlanForms(file, plan, source);
  if (!read.ok) throw invalidPlan(file, read.errors);
  return { plan, source, forms: read.forms, formCount: read.count };
}

export async function planCheck(file: string): Promise<string> {
  const { plan, source, formCount } = await readPlanAndForms(file);
  warnOnStderr(plan, source);
  const forms = formCount > 0 ? `, ${formCount} mẫu báo cáo / report forms` : '';
  return `${file}: kế hoạch hợp lệ / valid plan "${plan.id}": ${plan.units.length} đơn vị / units, ${plan.cycles.length} kỳ báo cáo / cycles${forms}`;
}

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

/**
 * Stores the plan, then starts the cycles that are open and schedules the others (Temporal). The
 * configuration is read after the file, so that a wrong plan is reported whatever the environment.
 */
export async function planLoad(file: string, loadConfig: () => Config): Promise<string> {
  const { plan, source, forms: readForms } = await readPlanAndForms(file);
  warnOnStderr(plan, source); // before anything is stored: the office sees them whatever happens next
  const config = loadConfig();
  // Loaded only here: `plan check` must not wait for Prisma and the Temporal client to load.
  const { migrateDeploy } = await import('../db/migrate.ts');
  const { createPrisma } = await import('../db/client.ts');
  const { savePlan } = await import('../db/plans.ts');
  const { storePlanForms } = await import('./plan-forms.ts');
  const { formsDir } = await import('../web/uploads/form-files.ts');
  const { connectTemporal, prepareNamespace, withCycleDesign } = await import('../temporal/client.ts');
  const { openCycles } = await import('../temporal/open-cycles.ts');
  const { followTasks } = await import('../temporal/tasks.ts');
  await migrateDeploy(config.databaseUrl);
  const prisma = await createPrisma(config);
  try {
    // The form files first (by content: a load that then fails leaves only blobs a retry reuses).
    const forms = await storePlanForms(formsDir(config.uploads.dir), readForms);
    const cycles = await savePlan(prisma, plan, source, progressOnStderr(), { forms });
    let dondoc;
    try {
      dondoc = withCycleDesign(await connectTemporal(config.temporal), config.cycleDesign, prisma);
    } catch {
      throw new CliError(`Không kết nối được Temporal tại ${config.temporal.address} / cannot reach Temporal at ${config.temporal.address}`, 3);
    }
    await prepareNamespace(dondoc);
    const { started, scheduled } = await openCycles(dondoc, cycles, new Date());
    const tasks = await followTasks(dondoc, prisma, plan.id);
    await dondoc.client.connection.close();
    return [
      `Đã nạp / loaded "${plan.id}": ${cycles.map((c) => `${c.cycleId} (${c.obligationIds.length})`).join(', ')}`,
      `Mở ngay / opened now: ${started.join(', ') || '—'}`,
      `Lên lịch mở / scheduled to open (Temporal Schedules "open/…"): ${scheduled.join(', ') || '—'}`,
      ...(tasks.length ? [`Theo dõi nhiệm vụ / tasks followed (workflows "task/…"): ${tasks.length}`] : []),
    ].join('\n');
  } finally {
    await prisma.$disconnect();
  }
}
