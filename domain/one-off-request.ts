// A one-off request (yêu cầu báo cáo riêng) the office makes on a plan outside its calendar: an
// inspection report, a per-objective report, each unit's work plan with its budget, an ad-hoc report.
// It becomes a cycle of kind "one-off" of the plan, with the plan's own deadline rule (Civil Code
// art. 148 shift) and reminder policy, so the engine runs it like any cycle. Pure: which units, the
// key, the checks and the timeline; db/requests.ts stores it, the web form and the CLI build its input.
import { z } from 'zod';
import { addDays, atLocalTime, daysBetween, localDateAt, type LocalDate } from './calendar.ts';
import { isoDate, slug, text } from './plan-fields.ts';
import { CycleSchema, FIGURE_TYPES, FigureSchema, UNIT_KINDS, type PlanCycle, type PlanFigure } from './plan-object.ts';
import type { Plan } from './plan-schema.ts';
import { owingUnits } from './owing-units.ts';
import { PRESET_KEYS } from './request-presets.ts';
import { cycleTimeline, type CycleTimeline } from './timeline.ts';

export const REQUEST_KEY_PREFIX = 'req-';

/** Who owes the request: units picked by code, the lead units of one objective, or every unit of a kind. */
export const UnitSelectionSchema = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('units'), codes: z.array(slug).min(1, { message: 'chưa chọn đơn vị nào / no unit chosen' }) }),
  z.strictObject({ by: z.literal('objective'), number: z.number({ message: 'số mục tiêu phải là một số / the objective must be a number' }).int().min(1) }),
  z.strictObject({ by: z.literal('kind'), kind: z.enum(UNIT_KINDS, { message: 'loại đơn vị không hợp lệ / not a unit kind' }) }),
]);
export type UnitSelection = z.infer<typeof UnitSelectionSchema>;

export const RequestInputSchema = z.strictObject({
  title: text.max(300, { message: 'tên tối đa 300 ký tự / a title of at most 300 characters' }),
  units: UnitSelectionSchema,
  /** The last day as the office writes it; a weekend day or holiday moves on when the plan applies art. 148. */
  lastDay: isoDate,
  /** The day reminders and links start; today when absent. */
  opensOn: isoDate.optional(),
  preset: z.enum(PRESET_KEYS).optional(),
  figures: z
    .array(FigureSchema)
    .max(30, { message: 'tối đa 30 số liệu / at most 30 figures' })
    .default([])
    .refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, { message: 'mã số liệu bị trùng / duplicate figure key' }),
});
export type RequestInput = z.input<typeof RequestInputSchema>;
export type ValidRequestInput = z.output<typeof RequestInputSchema>;

/** What Cycle.request holds: the cycle's definition (the plan file has none for it) and its origin. */
export const StoredRequestSchema = z.object({
  cycle: CycleSchema,
  selection: UnitSelectionSchema,
  preset: z.enum(PRESET_KEYS).optional(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type StoredRequest = z.infer<typeof StoredRequestSchema>;

/** Lowercase ASCII words joined by hyphens: Vietnamese letters lose their marks, đ becomes d. */
export function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `req-<yyyymmdd of the last day>-<title as a slug>`, at most 60 characters (a cycle key is a slug); a
 * long title is cut after its last whole word that fits.
 */
export function requestKey(lastDay: LocalDate, title: string): string {
  const head = `${REQUEST_KEY_PREFIX}${lastDay.replaceAll('-', '')}-`;
  const room = 60 - head.length;
  const full = slugify(title);
  const fit = full.slice(0, room + 1); // one more: a hyphen there means the word before it is whole
  const cut = full.length <= room ? full : fit.includes('-') ? fit.slice(0, fit.lastIndexOf('-')) : full.slice(0, room);
  return head + (cut || 'yeu-cau');
}

/** A figure written key:name[:unit[:type]] (the CLI's --figure, one line of the form); the name may hold ':'. */
export function parseFigureLine(line: string): { ok: true; figure: PlanFigure } | { ok: false; error: string } {
  const raw = line.split(':');
  const parts = raw.map((p) => p.trim());
  const bad = (why: string) => ({ ok: false as const, error: `số liệu "${line}": ${why}` });
  if (parts.length < 2) return bad('cần dạng mã:tên:đơn vị tính:kiểu / must be key:name:unit:type');
  const hasType = parts.length >= 4;
  const type = hasType ? parts.at(-1)! : 'number';
  if (!(FIGURE_TYPES as readonly string[]).includes(type)) return bad(`kiểu phải là ${FIGURE_TYPES.join('|')} / the type must be ${FIGURE_TYPES.join('|')}`);
  const unit = parts.length >= 3 ? parts[hasType ? parts.length - 2 : 2]! : '';
  const name = raw.slice(1, parts.length >= 3 ? (hasType ? parts.length - 2 : 2) : 2).join(':').trim();
  const r = FigureSchema.safeParse({ key: parts[0], name, ...(unit ? { unit } : {}), type });
  if (!r.success) return bad(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return { ok: true, figure: r.data };
}

/** The unit codes a selection names, or why it names none (bilingual "vi / en"). */
export function selectUnits(plan: Pick<Plan, 'units' | 'objectives'>, selection: UnitSelection, lastDay: LocalDate): { ok: true; codes: string[] } | { ok: false; error: string } {
  let codes: string[];
  if (selection.by === 'units') {
    const unknown = selection.codes.filter((c) => !plan.units.some((u) => u.code === c));
    if (unknown.length) return { ok: false, error: `không có đơn vị ${unknown.join(', ')} trong kế hoạch / unknown unit code(s): ${unknown.join(', ')}` };
    codes = [...new Set(selection.codes)];
  } else if (selection.by === 'objective') {
    const o = plan.objectives.find((x) => x.number === selection.number);
    if (!o) return { ok: false, error: `kế hoạch không có mục tiêu ${selection.number} / the plan has no objective ${selection.number}` };
    // The objective's own lead and its indicators' leads: each reports on its part (Quảng Ninh IV.18).
    codes = [...new Set([o.lead, ...o.indicators.map((i) => i.lead)].filter((c): c is string => c !== undefined))];
    if (!codes.length) return { ok: false, error: `mục tiêu ${o.number} không có đơn vị chủ trì / objective ${o.number} names no lead unit` };
  } else {
    codes = plan.units.filter((u) => u.kind === selection.kind).map((u) => u.code);
  }
  // Only units that exist on the last day owe it, as for the plan's own cycles.
  const owing = owingUnits(plan.units, { units: codes, due: { date: lastDay, rule: 'by' } }).map((u) => u.code);
  if (!owing.length) return { ok: false, error: 'không có đơn vị nào phải nộp / no unit owes this request' };
  return { ok: true, codes: owing };
}

/**
 * The request's instants: the plan's timeline for its cycle, plus one first email when it opens (now,
 * when it opens today) telling the units of the request; the plan's reminders due that same day are
 * left out, so the units never get two emails on the first day.
 */
export function requestTimeline(cycle: PlanCycle, plan: Pick<Plan, 'reminders' | 'calendar'>, now: Date): CycleTimeline {
  const t = cycleTimeline(cycle, plan.reminders, plan.calendar);
  const opensOn = cycle.opensOn ?? localDateAt(now);
  const announceAt = opensOn === localDateAt(now) ? now : atLocalTime(opensOn, plan.reminders.at);
  if (announceAt >= t.dueAt) return t;
  const day = localDateAt(announceAt);
  const reminders = [{ daysBefore: daysBetween(day, t.lastDay), at: announceAt }, ...t.reminders.filter((r) => localDateAt(r.at) !== day && r.at > announceAt)];
  return { ...t, reminders };
}

export interface PlannedRequest {
  key: string;
  cycle: PlanCycle;
  timeline: CycleTimeline;
}

/** Checks the request against the plan and today; every problem found, or the cycle to store. */
export function planRequest(plan: Plan, input: ValidRequestInput, now: Date): { ok: true; request: PlannedRequest } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const today = localDateAt(now);
  const opensOn = input.opensOn ?? today;
  if (opensOn < today) errors.push(`ngày mở ${opensOn} đã qua / the opening day is in the past`);
  if (input.lastDay < today) errors.push(`hạn nộp ${input.lastDay} đã qua / the last day is in the past`);
  else if (input.lastDay < opensOn) errors.push(`hạn nộp ${input.lastDay} trước ngày mở ${opensOn} / the last day comes before the opening day`);
  const units = selectUnits(plan, input.units, input.lastDay);
  if (!units.ok) errors.push(units.error);
  if (errors.length || !units.ok) return { ok: false, errors };
  const key = requestKey(input.lastDay, input.title);
  const cycle: PlanCycle = { key, kind: 'one-off', title: input.title, due: { date: input.lastDay, rule: 'by' }, opensOn, units: units.codes, figures: input.figures };
  return { ok: true, request: { key, cycle, timeline: requestTimeline(cycle, plan, now) } };
}

/** Two requests are the same one (a second create is a repeat, not a new request) when these agree. */
export function sameRequest(a: PlanCycle, b: PlanCycle): boolean {
  const essence = (c: PlanCycle) => JSON.stringify([c.title, c.due, c.units, c.figures]);
  return essence(a) === essence(b);
}

/** The default last day the form proposes: two weeks from today. */
export const defaultLastDay = (now: Date): LocalDate => addDays(localDateAt(now), 14);
