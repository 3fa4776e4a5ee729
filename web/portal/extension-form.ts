// A unit's request for a later deadline, checked before it is stored: a reason, and a new last day
// after the current one and before the cycle closes (the engine's extendDeadline refuses anything
// else, so the office is never asked to grant what it cannot). The route's schema only says the form is
// text fields (web/portal/link-input.ts); this turns them into a calendar day checked against the
// obligation's deadline and the cycle's close, with a message for each problem.
import { z } from 'zod';
import { addDays, endOfDay, formatDay, lastDayOfDue, type LocalDate } from '../../domain/calendar.ts';
import { dayInputMessage, parseDayInput } from '../../domain/day-input.ts';
import { bi, type Html } from '../html.ts';

const Fields = z.object({
  requestId: z.uuid(),
  reason: z.string().trim().min(1, { message: 'reason' }).max(2000, { message: 'reason' }),
  lastDay: z.string(),
});

export type ExtensionInput = { requestId: string; reason: string; lastDay: LocalDate };

export function validateExtension(
  o: { dueAt: Date; cycle: { closesAt: Date } },
  raw: Record<string, unknown>,
): { ok: true; value: ExtensionInput } | { ok: false; message: Html } {
  const parsed = Fields.safeParse(raw);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === 'reason')) return { ok: false, message: bi('Vui lòng ghi lý do đề nghị gia hạn (tối đa 2.000 ký tự).', 'Please give the reason for the extension (at most 2,000 characters).') };
    return { ok: false, message: bi('Biểu mẫu không hợp lệ; vui lòng tải lại trang.', 'The form is not valid; please reload the page.') };
  }
  // dd/mm/yyyy as typed (or yyyy-mm-dd from an older page): the one parser of every day field.
  const typed = parseDayInput(parsed.data.lastDay);
  if (!typed.ok) {
    const m = dayInputMessage(typed.problem, parsed.data.lastDay);
    return { ok: false, message: bi(m.vi, m.en) };
  }
  const day = typed.day;
  const current = lastDayOfDue(o.dueAt);
  if (day <= current) return { ok: false, message: bi(`Hạn mới phải sau hạn hiện tại (${formatDay(current, 'vi')}).`, `The new last day must be after the current one (${formatDay(current, 'en')}).`) };
  if (endOfDay(day) >= o.cycle.closesAt) {
    const latest = addDays(lastDayOfDue(o.cycle.closesAt), -1);
    return { ok: false, message: bi(`Hạn mới phải trước khi kỳ báo cáo kết thúc (muộn nhất ${formatDay(latest, 'vi')}).`, `The new last day must come before the cycle closes (${formatDay(latest, 'en')} at the latest).`) };
  }
  return { ok: true, value: { requestId: parsed.data.requestId, reason: parsed.data.reason, lastDay: day } };
}
