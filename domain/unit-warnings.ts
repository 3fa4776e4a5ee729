// Things in a valid plan file the office should look at, without refusing the file: `dondoc plan
// preview` prints them with their line (cli/plan-preview.ts). Pure.
import { lastDayOf } from './calendar.ts';
import { owingUnits } from './owing-units.ts';
import type { PlanCycle, PlanUnit } from './plan-object.ts';

export interface PlanWarning {
  /** As the plan file's errors write it: ['units', 3, 'kind']. */
  path: (string | number)[];
  message: string;
}

/**
 * District-level local government ended on 1/7/2025 (the two-level reform: communes, wards and special
 * zones report to the province directly). Its first day without districts.
 */
export const DISTRICTS_END = '2025-07-01';

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * A unit of kind `district` that still owes a cycle whose last day is on or after 1/7/2025, named once
 * with its first such cycle: the plan should say when it closed and which unit took it over.
 */
export function districtWarnings(plan: { units: readonly PlanUnit[]; cycles: readonly PlanCycle[] }): PlanWarning[] {
  const late = new Map<string, PlanCycle>();
  for (const c of plan.cycles) {
    if (lastDayOf(c.due) < DISTRICTS_END) continue;
    for (const u of owingUnits(plan.units, c)) if (u.kind === 'district' && !late.has(u.code)) late.set(u.code, c);
  }
  return plan.units.flatMap((u, i) => {
    const c = late.get(u.code);
    if (!c) return [];
    const last = dmy(lastDayOf(c.due));
    return [{
      path: ['units', i, 'kind'],
      message:
        `đơn vị cấp huyện "${u.code}" vẫn phải nộp kỳ "${c.key}" (hạn ${last}) dù cấp huyện đã kết thúc hoạt động từ 01/07/2025: ghi closesOn: 2025-06-30 và mergedInto: <mã xã/phường tiếp nhận> / ` +
        `district "${u.code}" still owes cycle "${c.key}" (last day ${last}) though districts were abolished on 01/07/2025: say closesOn: 2025-06-30 and mergedInto: <code of the commune or ward that took it over>`,
    }];
  });
}
