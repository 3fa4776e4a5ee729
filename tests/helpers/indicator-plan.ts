// A plan with objectives and indicators (issue 14 §1) for the indicator tests: three units, a 6-month
// cycle and an annual one, and four indicators: one per direction, one split by sex, one led through
// its objective's lead, one without a target.
import { stringify } from 'yaml';
import { parsePlan } from '../../domain/plan-file.ts';
import type { Plan } from '../../domain/plan-schema.ts';

export const INDICATOR_PLAN = 'ct-2026';

export function indicatorPlanDoc() {
  return {
    version: 1,
    id: INDICATOR_PLAN,
    province: 'Tỉnh Thử nghiệm',
    title: 'Kế hoạch bình đẳng giới thử nghiệm 2026',
    calendar: { civilCodeShift: false },
    standingOffice: { name: 'Sở Lao động (cơ quan thường trực)', phone: '0200 000 000', email: 'office@ct.dondoc.invalid' },
    standingCommittee: [{ name: 'Trưởng ban', role: 'head', email: 'head@ct.dondoc.invalid' }],
    units: [
      { code: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', focalPersons: [{ name: 'Chị An', email: 'an@noivu.ct.dondoc.invalid' }] },
      { code: 'so-y-te', name: 'Sở Y tế', kind: 'department', focalPersons: [{ name: 'Anh Bình', email: 'binh@yte.ct.dondoc.invalid' }] },
      { code: 'so-ldtbxh', name: 'Sở Lao động - Thương binh và Xã hội', kind: 'department', focalPersons: [{ name: 'Chị Chi', email: 'chi@ld.ct.dondoc.invalid' }] },
    ],
    cycles: [
      { key: '2026-6-thang', kind: 'semiannual', title: 'Báo cáo 6 tháng 2026', due: { date: '2026-06-05', rule: 'by' }, opensOn: '2026-05-20', units: 'all' },
      { key: '2026-nam', kind: 'annual', title: 'Báo cáo năm 2026', due: { date: '2026-12-05', rule: 'by' }, opensOn: '2026-11-01', units: 'all' },
    ],
    reminders: { daysBefore: [3], at: '08:00', workingDaysOnly: false, overdueNoticeDaysAfter: 1, escalationAfterDays: 5, escalationDays: 'calendar', closeAfterDays: 30 },
    objectives: [
      {
        number: 1,
        text: 'Tăng cường sự tham gia của phụ nữ vào vị trí lãnh đạo',
        indicators: [
          { number: 1, text: 'Tỷ lệ cơ quan có lãnh đạo chủ chốt là nữ', target: { value: 60, unit: '%', year: 2026 }, lead: 'so-noi-vu', coordinating: ['so-ldtbxh'] },
          { number: 2, text: 'Số người được đào tạo nghề', target: { value: 1000, unit: 'người', direction: 'at-least' }, lead: 'so-ldtbxh', bySex: true, aggregate: 'sum' },
        ],
      },
      {
        number: 2,
        text: 'Giảm mất cân bằng giới tính khi sinh',
        lead: 'so-y-te',
        indicators: [
          { number: 1, text: 'Tỷ số giới tính khi sinh', target: { value: 112, unit: 'bé trai/100 bé gái', direction: 'at-most' } },
          { number: 2, text: 'Nội dung không có chỉ tiêu định lượng' },
        ],
      },
    ],
  };
}

export function indicatorPlan(): { plan: Plan; source: string } {
  const source = stringify(indicatorPlanDoc());
  const r = parsePlan(source);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { plan: r.plan, source };
}
