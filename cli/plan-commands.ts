// `dondoc plan check FILE` and `dondoc plan load FILE`.
import fs from 'node:fs/promises';
import { formatPlanError, parsePlan, type PlanResult } from '../domain/plan-file.ts';
import type { Plan } from '../domain/plan-schema.ts';

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
  if (!result.ok) {
    const lines = result.errors.map((e) => `  ${formatPlanError(e)}`);
    throw new CliError(`${file}: kế hoạch không hợp lệ, ${result.errors.length} lỗi / invalid plan, ${result.errors.length} error(s):\n${lines.join('\n')}`);
  }
  return { plan: result.plan, source };
}

export async function planCheck(file: string): Promise<string> {
  const { plan } = await readPlanFile(file);
  return `${file}: kế hoạch hợp lệ / valid plan "${plan.id}": ${plan.units.length} đơn vị / units, ${plan.cycles.length} kỳ báo cáo / cycles`;
}
