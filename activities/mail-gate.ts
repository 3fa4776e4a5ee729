// Bounds how many emails are "handed to the SMTP server but not yet recorded as sent" in one process.
// That state is the one send-once cannot recover from exactly: a process killed in it resends the mail
// on retry (same Message-ID, so mail clients show one). Holding a permit from the SMTP conversation
// until the "sent" row is written caps the repeats a crash can cause at the number of permits,
// however many activities run at once (measured: 99 repeats of 200 with 100 unbounded activities).
import { createLimiter } from '../domain/concurrency.ts';

// The default size (config DONDOC_MAIL_IN_FLIGHT's default): the bound the fault tests assert for a
// worker started without that setting.
export const MAILS_IN_FLIGHT = 4;

export interface MailGate {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** How many mails it lets through at once (absent: a test's own gate). */
  permits?: number;
}

export function createMailGate(permits: number): MailGate {
  return { run: createLimiter(permits), permits };
}
