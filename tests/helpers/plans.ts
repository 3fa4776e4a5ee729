// Test plans built in code around a chosen "today", so workflow tests can run a whole cycle.
// The plan opts out of the working-day calendar (no Civil Code shift, emails on calendar days,
// escalation in calendar days) so that its instants do not depend on the weekday or holidays of the
// day the tests run.
import { stringify } from 'yaml';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';

/** The focal persons of threeUnitPlan's units, the addresses its emails go to. */
export const NOI_VU = 'an@noivu.test.dondoc.invalid';
export const Y_TE = 'binh@yte.test.dondoc.invalid';
export const CAO_LOC = 'dung@caoloc.test.dondoc.invalid';

export function threeUnitPlan(opts: { id?: string; dueDate: string; opensOn: string; daysBefore?: number[]; figures?: { key: string; name: string; unit?: string; type?: string }[] }): { plan: Plan; source: string } {
  const doc = {
    version: 1,
    id: opts.id ?? 'test-2026',
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch thử nghiệm năm 2026',
    calendar: { civilCodeShift: false },
    standingOffice: { name: 'Sở Thử nghiệm (cơ quan thường trực)', phone: '0200 000 000', email: 'office@test.dondoc.invalid' },
    standingCommittee: [
      { name: 'Trưởng ban', role: 'head', email: 'head@test.dondoc.invalid' },
      { name: 'Tổ thư ký', role: 'secretariat', email: 'secretariat@test.dondoc.invalid' },
    ],
    units: [
      { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', focalPersons: [{ name: 'Chị An', email: NOI_VU }] },
      { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', focalPersons: [{ name: 'Anh Bình', email: Y_TE }] },
      { code: 'ubnd-cao-loc', name: 'UBND huyện Cao Lộc', kind: 'district', focalPersons: [{ name: 'Anh Dũng', email: CAO_LOC }] },
    ],
    cycles: [
      { key: '2026-annual', kind: 'annual', title: 'Báo cáo tổng kết năm 2026', due: { date: opts.dueDate, rule: 'before' }, opensOn: opts.opensOn, units: 'all', ...(opts.figures ? { figures: opts.figures } : {}) },
    ],
    reminders: { daysBefore: opts.daysBefore ?? [7, 3, 1], at: '08:00', workingDaysOnly: false, overdueNoticeDaysAfter: 1, escalationAfterDays: 5, escalationDays: 'calendar', closeAfterDays: 30 },
  };
  const source = stringify(doc);
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}

/** The focal person's address of unit i of manyUnitPlan (`xa<i>@<id>.dondoc.invalid`). */
export const manyUnitAddress = (id: string, i: number) => `xa${i}@${id}.dondoc.invalid`;

/**
 * threeUnitPlan's plan with `n` communes instead of its three units (codes xa-0000…, one focal person
 * each at manyUnitAddress): the burst and kill tests' cycle, due 05/12/2030.
 */
export function manyUnitPlan(id: string, n: number): { plan: Plan; source: string } {
  const base = threeUnitPlan({ id, dueDate: '2030-12-05', opensOn: '2030-11-01' }).plan;
  const units = Array.from({ length: n }, (_, i) => ({
    code: `xa-${String(i).padStart(4, '0')}`,
    name: `UBND xã số ${i + 1}`,
    kind: 'other' as const,
    focalPersons: [{ name: `Đầu mối ${i + 1}`, email: manyUnitAddress(id, i) }],
  }));
  const source = stringify({ ...base, units });
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}
