// The kinds of one-off request the plans name, each as a draft (title and figures) the office edits
// before creating the request (domain/one-off-request.ts). Pure. The wording follows the plans:
//   inspection  "Tổng hợp kết quả kiểm tra và các kiến nghị, đề xuất" (Thanh Hóa 2012, III.3)
//   objective   "báo cáo riêng từng hoạt động theo từng mục tiêu được phân công" (Quảng Ninh IV.18)
//   work-plan   "xây dựng kế hoạch công tác cùng với dự toán kinh phí" (Vĩnh Long II.B.5, Lạng Sơn III.1);
//               the figures are the columns of the plans' budget tables ("Dự toán được giao",
//               "KP tiết kiệm 10%", "KP được sử dụng"), amounts in đồng, whole numbers
//   ad-hoc      "các công việc đột xuất khác khi có yêu cầu của UBND tỉnh" (Thanh Hóa 2012, B.9)
import type { PlanFigure, PlanObjective } from './plan-object.ts';

export const PRESET_KEYS = ['inspection', 'objective', 'work-plan', 'ad-hoc'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

export interface PresetContext {
  /** The year the request is made in (Vietnam time): the work plan is for the year after. */
  year: number;
  /** The objective the request is about, when the units are an objective's lead units. */
  objective?: Pick<PlanObjective, 'number' | 'text'>;
}

export interface RequestDraft {
  title: string;
  figures: PlanFigure[];
}

interface Preset {
  /** The preset's name in the form and the CLI's help. */
  vi: string;
  en: string;
  draft: (ctx: PresetContext) => RequestDraft;
}

const dong = (key: string, name: string): PlanFigure => ({ key, name, unit: 'đồng', type: 'integer' });

export const REQUEST_PRESETS: Record<PresetKey, Preset> = {
  inspection: {
    vi: 'Báo cáo kết quả kiểm tra',
    en: 'Inspection report',
    draft: ({ year }) => ({
      title: `Báo cáo kết quả kiểm tra và các kiến nghị, đề xuất năm ${year}`,
      figures: [
        { key: 'so-cuoc-kiem-tra', name: 'Số cuộc kiểm tra', unit: 'cuộc', type: 'integer' },
        { key: 'so-don-vi-duoc-kiem-tra', name: 'Số cơ quan, đơn vị được kiểm tra', unit: 'đơn vị', type: 'integer' },
        { key: 'so-kien-nghi', name: 'Số kiến nghị, đề xuất', unit: 'kiến nghị', type: 'integer' },
      ],
    }),
  },
  objective: {
    vi: 'Báo cáo theo mục tiêu được phân công',
    en: 'Report on an assigned objective',
    draft: ({ year, objective }) => ({
      title: objective
        ? `Báo cáo kết quả thực hiện Mục tiêu ${objective.number} năm ${year}`
        : `Báo cáo kết quả thực hiện theo mục tiêu được phân công năm ${year}`,
      figures: [
        { key: 'so-hoat-dong', name: 'Số hoạt động đã thực hiện', unit: 'hoạt động', type: 'integer' },
        { key: 'muc-do-dat-chi-tieu', name: 'Mức độ đạt chỉ tiêu', unit: '%', type: 'percent' },
      ],
    }),
  },
  'work-plan': {
    vi: 'Kế hoạch công tác và dự toán kinh phí',
    en: 'Work plan with budget estimate',
    draft: ({ year }) => ({
      title: `Kế hoạch công tác năm ${year + 1} và dự toán kinh phí`,
      figures: [dong('du-toan-duoc-giao', 'Dự toán kinh phí được giao'), dong('kp-tiet-kiem', 'Kinh phí tiết kiệm 10%'), dong('kp-duoc-su-dung', 'Kinh phí được sử dụng')],
    }),
  },
  'ad-hoc': {
    vi: 'Báo cáo đột xuất',
    en: 'Ad-hoc report',
    draft: ({ year }) => ({ title: `Báo cáo đột xuất theo yêu cầu của UBND tỉnh năm ${year}`, figures: [] }),
  },
};

export function presetDraft(key: PresetKey, ctx: PresetContext): RequestDraft {
  return REQUEST_PRESETS[key].draft(ctx);
}

/** A figure as the CLI's --figure and the form's figure lines write it: key:name:unit:type. */
export function figureLine(f: PlanFigure): string {
  return [f.key, f.name, f.unit ?? '', f.type].join(':');
}
