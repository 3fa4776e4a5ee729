// The plan file's fields, one schema per part, without the cross-checks (domain/plan-checks.ts), which
// need these shapes: the checks and the complete schema (plan-schema.ts) both build on this module, so
// neither imports the other. Messages are bilingual "Vietnamese / English" (they reach office staff).
// Every field added after version 1 first shipped is optional or defaulted, so older files still load.
import { z } from 'zod';
import { email, isoDate, localTime, slug, text, year } from './plan-fields.ts';
import { ObjectiveSchema, TaskSchema } from './plan-work.ts';

export { isoDate } from './plan-fields.ts';
export type { PlanTask, PlanObjective, PlanIndicator } from './plan-work.ts';

export const UNIT_KINDS = ['department', 'board', 'mass-organisation', 'district', 'commune', 'ward', 'special-zone', 'other'] as const;
export const CYCLE_KINDS = ['semiannual', 'annual', 'quarterly', 'monthly', 'one-off'] as const;
export const FIGURE_TYPES = ['integer', 'number', 'percent', 'text'] as const;

export const PersonSchema = z.strictObject({ name: text, email });

export const UnitSchema = z.strictObject({
  code: slug,
  name: text,
  kind: z.enum(UNIT_KINDS),
  /** The unit this one belongs to (e.g. a district's office under its People's Committee). */
  parent: slug.optional(),
  /** The unit exists from this day (a unit created mid-plan owes only the cycles after it). */
  opensOn: isoDate.optional(),
  /** The unit's last day (merged or dissolved): it owes nothing whose last day comes after. */
  closesOn: isoDate.optional(),
  /**
   * The unit that took this one over the day after `closesOn` (a district merged into a commune or ward
   * from 1/7/2025, say): its cycles show on the successor's line (domain/unit-lines.ts).
   */
  mergedInto: slug.optional(),
  focalPersons: z.array(PersonSchema).min(1, {
    message: 'cần ít nhất một đầu mối có email / needs at least one focal person with an email',
  }),
});

export const FigureSchema = z.strictObject({
  key: slug,
  name: text,
  /** Unit of measure (đơn vị tính): "người", "%", "triệu đồng". */
  unit: text.optional(),
  type: z.enum(FIGURE_TYPES).default('number'),
});

/**
 * A report form (mẫu báo cáo kèm theo Kế hoạch) units fill in: a DOCX, XLSX or PDF file beside the plan
 * file. `file` is a path relative to the plan file; `dondoc plan load` reads it, checks its content and
 * stores it (cli/plan-forms.ts), so an absolute path (which would tie the plan to one machine) is refused.
 */
export const FormFileSchema = z.strictObject({
  file: z
    .string()
    .trim()
    .min(1, { message: 'không được để trống / must not be empty' })
    .max(500, { message: 'tối đa 500 ký tự / at most 500 characters' })
    .refine((f) => !/^([\\/]|[A-Za-z]:)/.test(f) && !f.includes('\0'), {
      message: 'đường dẫn phải tương đối so với tệp kế hoạch / the path must be relative to the plan file',
    }),
  title: text,
});

/** A cycle's forms, each file named once. */
const formFiles = z.array(FormFileSchema).superRefine((forms, ctx) => {
  const seen = new Set<string>();
  forms.forEach((f, i) => {
    if (seen.has(f.file)) ctx.addIssue({ code: 'custom', path: [i, 'file'], message: `tệp mẫu bị lặp: ${f.file} / form file named twice: ${f.file}` });
    seen.add(f.file);
  });
});

export const CycleSchema = z.strictObject({
  key: slug,
  kind: z.enum(CYCLE_KINDS),
  title: text,
  /** `before` X: the last day is X-1 ("trước ngày X"); `by` X: X itself ("đến ngày X", "vào ngày X"). */
  due: z.strictObject({ date: isoDate, rule: z.enum(['before', 'by']) }),
  /** The day the cycle opens (reminders and links start then); defaults to 30 days before the deadline. */
  opensOn: isoDate.optional(),
  /** The period the report's data covers; defaults by kind to Decree 09/2019 (domain/data-period.ts). */
  dataPeriod: z.strictObject({ from: isoDate, to: isoDate }).optional(),
  /** The form's name as text ("Mẫu số 01 kèm theo Kế hoạch"), shown as written. */
  form: text.optional(),
  /** The form files themselves, offered for download in the reminder and on the unit's page. */
  forms: formFiles.optional(),
  /** Which units owe this report: all of them, or a list of unit codes... */
  units: z.union([z.literal('all'), z.array(slug).min(1)]).default('all'),
  /** ...narrowed to these kinds of unit, when given. */
  unitKinds: z.array(z.enum(UNIT_KINDS)).min(1).optional(),
  /** The figures each unit is asked for besides its report file. */
  figures: z.array(FigureSchema).default([]),
});

export const ReminderPolicySchema = z.strictObject({
  /** Reminders this many days before the last day (0 = on the last day), at `at` Vietnam time. */
  daysBefore: z.array(z.number().int().min(0).max(366)).default([7, 3, 1]),
  at: localTime.default('08:00'),
  /**
   * Send every email on a working day (default): a reminder that would fall on a weekend day or
   * holiday moves to the working day before (reminders that meet are sent once), the overdue notice,
   * escalations and the closing summary to the working day after. `false` sends on calendar days.
   */
  workingDaysOnly: z.boolean().default(true),
  /** The overdue notice goes this many days after the last day. */
  overdueNoticeDaysAfter: z.number().int().min(1).max(60).default(1),
  /** The standing committee gets the escalation digest this many days after the last day... */
  escalationAfterDays: z.number().int().min(1).max(120).default(5),
  /** ...counted in working days (default) or calendar days. */
  escalationDays: z.enum(['working', 'calendar']).default('working'),
  /** Repeat the escalation every this many days (counted like escalationAfterDays) until the cycle closes. */
  escalationRepeatDays: z.number().int().min(1).max(60).optional(),
  /** The cycle closes (summary computed, nothing more sent) this many days after the last day. */
  closeAfterDays: z.number().int().min(1).max(366).default(30),
});

export const CalendarPolicySchema = z.strictObject({
  /** Civil Code 2015 art. 148: a deadline on a weekend day or holiday moves to the next working day. */
  civilCodeShift: z.boolean().default(true),
});

export const PlanObjectSchema = z.strictObject({
  version: z.literal(1, { message: 'chỉ hỗ trợ version: 1 / only version: 1 is supported' }),
  id: slug,
  province: text,
  title: text,
  document: z.strictObject({ number: text, date: isoDate }).optional(),
  /** The years the plan covers: one year, or several (seed 003 covers 2011-2015). */
  period: z.strictObject({ from: year, to: year.optional() }).transform((p) => ({ from: p.from, to: p.to ?? p.from })).optional(),
  calendar: CalendarPolicySchema.default(CalendarPolicySchema.parse({})),
  standingOffice: z.strictObject({
    name: text,
    address: text.optional(),
    phone: text.optional(),
    email,
  }),
  standingCommittee: z
    .array(z.strictObject({ name: text, role: z.enum(['head', 'deputy', 'member', 'secretariat']), email }))
    .min(1, { message: 'cần ít nhất một người nhận báo cáo đôn đốc / needs at least one escalation recipient' }),
  units: z.array(UnitSchema).min(1),
  cycles: z.array(CycleSchema).min(1),
  reminders: ReminderPolicySchema.default(ReminderPolicySchema.parse({})),
  tasks: z.array(TaskSchema).default([]),
  objectives: z.array(ObjectiveSchema).default([]),
});

export type PlanUnit = z.infer<typeof UnitSchema>;
export type PlanCycle = z.infer<typeof CycleSchema>;
export type PlanFigure = z.infer<typeof FigureSchema>;
export type PlanFormFile = z.infer<typeof FormFileSchema>;
export type ReminderPolicy = z.infer<typeof ReminderPolicySchema>;
export type CalendarPolicy = z.infer<typeof CalendarPolicySchema>;
export type UnitKind = (typeof UNIT_KINDS)[number];
