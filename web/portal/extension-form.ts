// A unit's request for a later deadline, checked before it is stored: a reason, and a new last day
// after the current one and before the cycle closes (the engine's extendDeadline refuses anything
// else, so the office is never asked to grant what it cannot). The route's schema only says the form is
// text fields (web/portal/link-input.ts); this turns them into a calendar day checked against the
// obligation's deadline and the cycle's close, with a message for each problem.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { addDays, endOfDay, formatDate, lastDayOfDue, VN_ZONE, type LocalDate } from '../../domain/calendar.ts';
import { bi, type Html } from '../html.ts';

const Fields = z.object({
  requestId: z.uuid(),
  reason: z.string().trim().min(1, { message: 'reason' }).max(2000, { message: 'reason' }),
  lastDay: z.string().trim().max(20),
});

/** "2026-12-20" (a date input) or "20/12/2026" (typed by hand) as a real calendar day, else null. */
export function parseDayInput(raw: string): LocalDate | null {
  const s = raw.trim();
  const d = /^\d{4}-\d{2}-\d{2}$/.test(s)
    ? DateTime.fromISO(s, { zone: VN_ZONE })
    : /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(s)
      ? DateTime.fromFormat(s, 'd/M/yyyy', { zone: VN_ZONE })
      : null;
  return d?.isValid ? d.toISODate() : null;
}

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
  const day = parseDayInput(parsed.data.lastDay);
  if (!day) return { ok: false, message: bi('Ngày đề nghị không hợp lệ; nhập theo dạng dd/mm/yyyy.', 'The proposed day is not a valid date; use dd/mm/yyyy.') };
  const current = lastDayOfDue(o.dueAt);
  if (day <= current) return { ok: false, message: bi(`Hạn mới phải sau hạn hiện tại (${formatDate(current)}).`, `The new last day must be after the current one (${formatDate(current)}).`) };
  if (endOfDay(day) >= o.cycle.closesAt) {
    const latest = addDays(lastDayOfDue(o.cycle.closesAt), -1);
    return { ok: false, message: bi(`Hạn mới phải trước khi kỳ báo cáo kết thúc (muộn nhất ${formatDate(latest)}).`, `The new last day must come before the cycle closes (${formatDate(latest)} at the latest).`) };
  }
  return { ok: true, value: { requestId: parsed.data.requestId, reason: parsed.data.reason, lastDay: day } };
}
