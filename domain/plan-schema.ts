// The plan file's schema (Kế hoạch): the single source of the plan's TypeScript types.
// Messages are bilingual "Vietnamese / English" because they reach office staff directly.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { VN_ZONE } from './calendar.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'chỉ dùng chữ thường không dấu, số và dấu gạch ngang / use lowercase letters, digits and hyphens',
  })
  .max(60, { message: 'tối đa 60 ký tự / at most 60 characters' });

const text = z.string().trim().min(1, { message: 'không được để trống / must not be empty' });

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'ngày phải có dạng yyyy-mm-dd / a date must be yyyy-mm-dd' })
  .refine((s) => DateTime.fromISO(s, { zone: VN_ZONE }).isValid, {
    message: 'ngày không tồn tại / no such date',
  });

const email = z.email({ message: 'không phải địa chỉ email / not an email address' });

const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'giờ phải có dạng HH:MM / a time must be HH:MM' });

export const UNIT_KINDS = ['department', 'board', 'mass-organisation', 'district', 'other'] as const;
export const CYCLE_KINDS = ['semiannual', 'annual', 'quarterly', 'monthly', 'one-off'] as const;

export const PersonSchema = z.strictObject({ name: text, email });

export const UnitSchema = z.strictObject({
  code: slug,
  name: text,
  kind: z.enum(UNIT_KINDS),
  focalPersons: z.array(PersonSchema).min(1, {
    message: 'cần ít nhất một đầu mối có email / needs at least one focal person with an email',
  }),
});

export const CycleSchema = z.strictObject({
  key: slug,
  kind: z.enum(CYCLE_KINDS),
  title: text,
  /** `before` X: the last day is X-1 ("trước ngày X"); `by` X: X itself ("đến ngày X"). */
  due: z.strictObject({ date: isoDate, rule: z.enum(['before', 'by']) }),
  /** The day the cycle opens (reminders and links start then); defaults to 30 days before the deadline. */
  opensOn: isoDate.optional(),
  form: text.optional(),
  /** Which units owe this report: all of them, or a list of unit codes. */
  units: z.union([z.literal('all'), z.array(slug).min(1)]).default('all'),
});

export const ReminderPolicySchema = z.strictObject({
  /** Reminders this many days before the last day (0 = on the last day), at `at` Vietnam time. */
  daysBefore: z.array(z.number().int().min(0).max(366)).default([7, 3, 1]),
  at: localTime.default('08:00'),
  /** The overdue notice goes this many days after the last day. */
  overdueNoticeDaysAfter: z.number().int().min(1).max(60).default(1),
  /** The standing committee gets the escalation digest this many days after the last day. */
  escalationAfterDays: z.number().int().min(1).max(120).default(5),
  /** The cycle closes (summary computed, nothing more sent) this many days after the last day. */
  closeAfterDays: z.number().int().min(1).max(366).default(30),
});

export const PlanSchema = z
  .strictObject({
    version: z.literal(1, { message: 'chỉ hỗ trợ version: 1 / only version: 1 is supported' }),
    id: slug,
    province: text,
    title: text,
    document: z.strictObject({ number: text, date: isoDate }).optional(),
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
  })
  .superRefine((plan, ctx) => {
    const codes = new Set<string>();
    plan.units.forEach((u, i) => {
      if (codes.has(u.code)) {
        ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `mã đơn vị "${u.code}" bị trùng / duplicate unit code "${u.code}"` });
      }
      codes.add(u.code);
    });
    const keys = new Set<string>();
    plan.cycles.forEach((c, i) => {
      if (keys.has(c.key)) {
        ctx.addIssue({ code: 'custom', path: ['cycles', i, 'key'], message: `mã kỳ báo cáo "${c.key}" bị trùng / duplicate cycle key "${c.key}"` });
      }
      keys.add(c.key);
      if (Array.isArray(c.units)) {
        c.units.forEach((code, j) => {
          if (!codes.has(code)) {
            ctx.addIssue({ code: 'custom', path: ['cycles', i, 'units', j], message: `không có đơn vị mã "${code}" / no unit with code "${code}"` });
          }
        });
      }
      if (c.opensOn && c.opensOn >= c.due.date) {
        ctx.addIssue({ code: 'custom', path: ['cycles', i, 'opensOn'], message: 'ngày mở kỳ phải trước hạn nộp / the cycle must open before its deadline' });
      }
    });
    const r = plan.reminders;
    if (r.escalationAfterDays < r.overdueNoticeDaysAfter) {
      ctx.addIssue({ code: 'custom', path: ['reminders', 'escalationAfterDays'], message: 'báo cáo Thường trực Ban phải sau thông báo quá hạn / escalation must come after the overdue notice' });
    }
    if (r.closeAfterDays <= r.escalationAfterDays) {
      ctx.addIssue({ code: 'custom', path: ['reminders', 'closeAfterDays'], message: 'kỳ báo cáo phải đóng sau khi báo cáo Thường trực Ban / the cycle must close after the escalation' });
    }
  });

export type Plan = z.infer<typeof PlanSchema>;
export type PlanUnit = z.infer<typeof UnitSchema>;
export type PlanCycle = z.infer<typeof CycleSchema>;
export type ReminderPolicy = z.infer<typeof ReminderPolicySchema>;
