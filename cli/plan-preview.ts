// `dondoc plan preview FILE [--from DATE] [--to DATE] [--json] [--ics OUT]`: the timeline every unit
// of a plan will see, in Vietnam time, before the plan is loaded. Text by default; --json prints one
// object per unit and instant; --ics writes an RFC 5545 calendar of the cycles' instants. A reminder
// the working-day calendar moved off a day off, or merged with another, says so (never silently).
import fs from 'node:fs/promises';
import { DateTime } from 'luxon';
import { addDays, VN_ZONE, weekday, type LocalDate } from '../domain/calendar.ts';
import { parseDayInput } from '../domain/day-input.ts';
import { dataPeriodOf } from '../domain/data-period.ts';
import { buildCalendar, icsUtc, type IcsEvent } from '../domain/ics.ts';
import type { Plan } from '../domain/plan-schema.ts';
import { formatPlanError, planErrorLocator } from '../domain/plan-file.ts';
import { planPreview, unitEvents, type CycleEvent, type CyclePreview } from '../domain/preview.ts';
import { districtWarnings } from '../domain/unit-warnings.ts';
import { parseCommandArgs } from './args.ts';
import { CliError, readPlanFile } from './plan-commands.ts';
import { taskReminderLines } from './task-preview.ts';

export const PREVIEW_USAGE = `Cách dùng / usage: dondoc plan preview FILE [--from NGÀY] [--to NGÀY] [--json] [--ics TỆP]
  --from, --to  chỉ các mốc trong khoảng này (yyyy-mm-dd hoặc dd/mm/yyyy) / only instants in this range
  --json        mỗi dòng một đối tượng JSON {cycle, unit, kind, at} / one JSON object per line
  --ics TỆP     ghi lịch iCalendar (RFC 5545) / write an iCalendar file
`;

const vnTime = (d: Date) => DateTime.fromJSDate(d, { zone: VN_ZONE });
const fmt = (d: Date) => vnTime(d).toFormat('dd/MM/yyyy HH:mm');
const ddmmyyyy = (d: LocalDate) => DateTime.fromISO(d).toFormat('dd/MM/yyyy');
const dayVi = (d: LocalDate) => `${weekday(d, 'vi')} ${ddmmyyyy(d)}`;
const dayEn = (d: LocalDate) => `${weekday(d, 'en')} ${ddmmyyyy(d)}`;

/** A day typed on the command line, read as the pages read theirs (domain/day-input.ts). */
function parseDateArg(flag: string, s: string): LocalDate {
  const r = parseDayInput(s);
  if (!r.ok) throw new CliError(`${flag} ${s}: ngày không hợp lệ, dùng yyyy-mm-dd hoặc dd/mm/yyyy / invalid date, use yyyy-mm-dd or dd/mm/yyyy\n\n${PREVIEW_USAGE}`, 2);
  return r.day;
}

/** Why a reminder is not where the plan's daysBefore put it: moved off a day off, or merged with others. */
function reminderNote(e: CycleEvent, lastDay: LocalDate): { vi: string; en: string } {
  const asked = e.asked ?? [];
  if (asked.length > 1) {
    const list = asked.join(', ');
    return {
      vi: ` (gộp các lần nhắc ${list} ngày trước hạn vì cùng rơi vào một ngày làm việc: chỉ gửi một thư)`,
      en: ` (merges the reminders ${list} day(s) before: they fall on the same working day, one email is sent)`,
    };
  }
  if (asked.length === 1 && asked[0] !== e.daysBefore) {
    const from = addDays(lastDay, -asked[0]!);
    return { vi: ` (dời từ ${dayVi(from)}, ngày nghỉ)`, en: ` (moved from ${dayEn(from)}, a day off)` };
  }
  return { vi: '', en: '' };
}

function describe(e: CycleEvent, lastDay: LocalDate): string {
  switch (e.kind) {
    case 'reminder': {
      const note = reminderNote(e, lastDay);
      return e.daysBefore === 0
        ? `nhắc nộp, hôm nay là hạn cuối${note.vi} / reminder, last day today${note.en}`
        : `nhắc nộp, còn ${e.daysBefore} ngày${note.vi} / reminder, ${e.daysBefore} day(s) left${note.en}`;
    }
    case 'due':
      return `hết hạn nộp: hết ngày ${dayVi(lastDay)} / deadline: end of ${dayEn(lastDay)}`;
    case 'overdue':
      return 'thông báo quá hạn / overdue notice';
    case 'escalation':
      return e.repeat ? `báo cáo Thường trực Ban, lần ${e.repeat + 1} / escalation, repeat ${e.repeat}` : 'báo cáo Thường trực Ban / escalation';
  }
}

function textOf(plan: Plan, previews: CyclePreview[], range: { from?: LocalDate; to?: LocalDate }): string {
  const out = [`${plan.title} (${plan.id})`, `Giờ Việt Nam / Vietnam time (${VN_ZONE})`, ''];
  for (const { cycle, timeline: t, units, events } of previews) {
    out.push(`Kỳ / cycle ${cycle.key}: ${cycle.title}`);
    const due = ddmmyyyy(cycle.due.date);
    const [vi, en] = cycle.due.rule === 'before' ? [`trước ngày ${due}`, `before ${due}`] : [`đến ngày ${due}`, `by ${due}`];
    out.push(`  hạn: ${vi}, hạn cuối ${dayVi(t.lastDay)} / deadline: ${en}, last day ${dayEn(t.lastDay)}`);
    if (t.nominalLastDay && t.nominalLastDay !== t.lastDay) {
      const n = t.nominalLastDay;
      out.push(`  ${dayVi(n)} là ngày nghỉ: dời sang ngày làm việc tiếp theo (Điều 148 BLDS 2015) / ${dayEn(n)} is a day off: moved to the next working day (Civil Code art. 148)`);
    }
    const period = dataPeriodOf(cycle);
    if (period) {
      const basis = period.basis === 'plan' ? 'theo kế hoạch / per the plan' : 'theo Nghị định 09/2019 / per Decree 09/2019';
      out.push(`  số liệu / data: ${ddmmyyyy(period.from)} - ${ddmmyyyy(period.to)} (${basis})`);
    }
    out.push(`  mở / opens ${fmt(t.opensAt)}, đóng / closes ${fmt(t.closesAt)}`);
    if (events.length === 0) out.push('  (không có mốc nào trong khoảng đã chọn / no instant in the chosen range)');
    for (const e of events) out.push(`  ${fmt(e.at)}  ${describe(e, t.lastDay)}`);
    out.push(`  ${units.length} đơn vị / units: ${units.map((u) => u.name).join('; ')}`, '');
  }
  out.push(...taskReminderLines(plan, range));
  return out.join('\n');
}

function jsonLines(plan: Plan, previews: CyclePreview[]): string {
  const names = new Map(plan.units.map((u) => [u.code, u.name]));
  const lastDays = new Map(previews.map((p) => [p.cycle.key, p.timeline.lastDay]));
  return unitEvents(previews)
    .map((e) =>
      JSON.stringify({
        cycle: e.cycle,
        unit: e.unit,
        kind: e.kind,
        at: vnTime(e.at).toISO({ suppressMilliseconds: true }),
        unitName: names.get(e.unit),
        lastDay: lastDays.get(e.cycle),
        ...(e.daysBefore !== undefined ? { daysBefore: e.daysBefore } : {}),
        // The plan's reminders this one stands for, when the working-day calendar moved or merged them.
        ...(e.asked && (e.asked.length > 1 || e.asked[0] !== e.daysBefore) ? { asked: e.asked } : {}),
        ...(e.repeat ? { repeat: e.repeat } : {}),
      }),
    )
    .join('\n');
}

const ICS_LABEL: Record<CycleEvent['kind'], string> = {
  reminder: 'Nhắc nộp báo cáo / Reminder',
  due: 'Hết hạn nộp / Deadline',
  overdue: 'Thông báo quá hạn / Overdue notice',
  escalation: 'Báo cáo Thường trực Ban / Escalation',
};

function icsEvents(plan: Plan, previews: CyclePreview[]): IcsEvent[] {
  return previews.flatMap(({ cycle, timeline: t, units, events }) =>
    events.map((e) => ({
      uid: `${e.kind}-${icsUtc(e.at)}-${cycle.key}-${plan.id}@dondoc.invalid`,
      start: e.at,
      summary: `[${ICS_LABEL[e.kind]}] ${cycle.title}`,
      description: [
        describe(e, t.lastDay),
        `Hạn cuối: ${dayVi(t.lastDay)} / last day: ${dayEn(t.lastDay)}`,
        `Đơn vị / units (${units.length}): ${units.map((u) => u.name).join('; ')}`,
      ].join('\n'),
    })),
  );
}

/** Runs the command on the arguments after "plan preview"; returns the exit code. */
export async function planPreviewCommand(args: string[], now: () => Date = () => new Date()): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' }, ics: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    PREVIEW_USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(PREVIEW_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`cần đúng một tệp kế hoạch / expected exactly one FILE\n\n${PREVIEW_USAGE}`, 2);
  const from = values.from === undefined ? undefined : parseDateArg('--from', values.from);
  const to = values.to === undefined ? undefined : parseDateArg('--to', values.to);
  if (from && to && from > to) throw new CliError(`--from ${values.from} sau / is after --to ${values.to}\n\n${PREVIEW_USAGE}`, 2);

  const { plan, source } = await readPlanFile(positionals[0]!);
  // Warnings do not stop the preview; on stderr, so --json's lines stay one object each.
  const locate = planErrorLocator(source);
  for (const w of districtWarnings(plan)) console.error(`Cảnh báo / warning: ${formatPlanError(locate(w.path, w.message))}`);
  const previews = planPreview(plan, { from, to });
  if (values.ics !== undefined) {
    const events = icsEvents(plan, previews);
    try {
      await fs.writeFile(values.ics, buildCalendar({ name: plan.title, events, now: now() }));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(`${values.ics}: không ghi được tệp (${code}) / cannot write the file (${code})`, 2);
    }
    const done = `Đã ghi / wrote ${events.length} sự kiện / events: ${values.ics}`;
    if (!values.json) {
      console.log(done);
      return 0;
    }
    console.error(done);
  }
  console.log(values.json ? jsonLines(plan, previews) : textOf(plan, previews, { from, to }));
  return 0;
}
