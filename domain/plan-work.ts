// The plan's work content: tasks (nhiệm vụ) and objectives (mục tiêu) with their indicators (chỉ tiêu),
// each assigned to a lead unit (chủ trì) and coordinating units (phối hợp). Unit codes are checked
// against the plan's units in plan-checks.ts.
import { z } from 'zod';
import { slug, text, unitCodes, year } from './plan-fields.ts';

export const TaskSchema = z.strictObject({
  /** The task's number in the plan as written, e.g. "II.6.1"; unique within the plan. */
  ref: text,
  title: text,
  lead: slug,
  coordinating: unitCodes,
  /** Coordinating bodies the plan names only loosely ("các ngành có liên quan"). */
  coordinatingNote: text.optional(),
  /** The due period as the plan writes it: "tháng 6/2016", "Quý III/2016", "15/11-15/12/2016" (domain/due-period.ts). */
  due: text.optional(),
});

export const TargetSchema = z.strictObject({
  value: z.number({ message: 'chỉ tiêu phải là một số / a target must be a number' }),
  unit: text, // "%", "trẻ sơ sinh trai/100 trẻ sơ sinh gái", ...
  /** The year the target is due; absent for a target set for every year ("hằng năm"). */
  year: year.optional(),
  /**
   * How a value is judged against it: at least (đạt trở lên), at most (không quá), or reach (đạt đúng
   * mức, to the target's written precision). The plans' wording is too varied to infer it ("phấn đấu
   * đến năm 2015 có 80%", "giảm xuống dưới 113"), so a plan says it; absent means at least.
   */
  direction: z.enum(['at-least', 'at-most', 'reach']).default('at-least'),
  /**
   * The target applies to each sex, not to the total ("ít nhất 45% cho mỗi giới"): met only when the
   * female and the male value both meet it. Only on an indicator reported by sex (`bySex: true`).
   */
  perSex: z.boolean().optional(),
});

export const IndicatorSchema = z.strictObject({
  number: z.number().int().min(1),
  /** The indicator as the plan words it; absent when the plan lists it in an appendix it does not include. */
  text: text.optional(),
  target: TargetSchema.optional(),
  lead: slug.optional(),
  coordinating: unitCodes,
  /** The lead unit reports female / male / total (số liệu phân tách theo giới); total = female + male. */
  bySex: z.boolean().default(false),
  /** How a province total is made of several values, when that is meaningful; none by default. */
  aggregate: z.enum(['sum', 'mean', 'latest', 'none']).default('none'),
  /**
   * Who is asked for the figure in each cycle it owes: the lead unit (default), every unit, or the units
   * of these kinds ("mỗi huyện báo cáo ...": [district]); the office sees the province total over them
   * (domain/indicator-asked.ts). Kinds are checked against the unit kinds in plan-checks.ts.
   */
  askedOf: z.union([z.enum(['lead', 'every-unit']), z.array(slug).min(1)]).default('lead'),
  /** The lead unit reports for the whole province, split by locality (district, commune, ward, special zone). */
  byLocality: z.boolean().default(false),
});

export const ObjectiveSchema = z.strictObject({
  number: z.number().int().min(1),
  text,
  /** A unit that leads the whole objective (seed 002: "chủ trì ... thực hiện mục tiêu 3"). */
  lead: slug.optional(),
  coordinating: unitCodes,
  indicators: z.array(IndicatorSchema).default([]),
});

export type PlanTask = z.infer<typeof TaskSchema>;
export type PlanObjective = z.infer<typeof ObjectiveSchema>;
export type PlanIndicator = z.infer<typeof IndicatorSchema>;
