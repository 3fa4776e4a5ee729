// A plan with a history, for the office's read-only pages (exports, committee list, rates chart):
// six units over three yearly cycles. 2025 is closed by the close activity; 2026 is past its deadline
// (last day 04/12/2026, "now" is 10/12/2026) with a mix of statuses; 2027 has not opened yet.
// Statuses come from the code paths that set them in production (recordSubmission, the reminder and
// overdue activities, closeCycle); only the exemption, an office action through Temporal, is written
// directly.
import { Client, Connection } from '@temporalio/client';
import { parse, stringify } from 'yaml';
import { createActivities } from '../../activities/index.ts';
import { savePlan, type StoredCycle } from '../../db/plans.ts';
import { parsePlan } from '../../domain/plan-file.ts';
import { startMailCatcher } from '../../mail/catcher.ts';
import { createMailer } from '../../mail/mailer.ts';
import { recordSubmission } from '../../db/submissions.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { threeUnitPlan } from './plans.ts';

export const PLAN = 'test-2026';
export const NOW = new Date('2026-12-10T03:00:00Z'); // 10:00 on 10/12/2026 in Vietnam
export const TRICKY_COMMENT = '=HYPERLINK("http://evil.invalid","bấm"), "trích dẫn"\nDòng hai: Đắk Lắk';

const unusedTemporal = { client: new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) }), taskQueue: 'unused' };

export async function reportHistory(): Promise<{ db: TestDb; cycles: StoredCycle[]; close(): Promise<void> }> {
  const db = await freshDatabase();
  const catcher = await startMailCatcher();
  const mailer = createMailer({ smtp: { host: '127.0.0.1', port: catcher.port, secure: false }, mailFrom: 'dondoc <no-reply@test.dondoc.invalid>' });
  try {
    const doc = parse(threeUnitPlan({ dueDate: '2026-12-05', opensOn: '2026-11-01' }).source);
    doc.units.push(
      { code: 'ban-dan-toc', name: 'Ban Dân tộc', kind: 'board', focalPersons: [{ name: 'Chị Hoa', email: 'hoa@bdt.test.dondoc.invalid' }] },
      { code: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department', focalPersons: [{ name: 'Anh Khoa', email: 'khoa@stc.test.dondoc.invalid' }, { name: 'Chị Lan', email: 'lan@stc.test.dondoc.invalid' }] },
      { code: 'hoi-nong-dan', name: 'Hội Nông dân tỉnh', kind: 'mass-organisation', focalPersons: [{ name: 'Anh Minh', email: 'minh@hnd.test.dondoc.invalid' }] },
    );
    const c2026 = doc.cycles[0];
    doc.cycles = [
      { ...c2026, key: '2025-annual', title: 'Báo cáo tổng kết năm 2025', due: { date: '2025-12-05', rule: 'before' }, opensOn: '2025-11-01' },
      c2026,
      { ...c2026, key: '2027-annual', title: 'Báo cáo tổng kết năm 2027', due: { date: '2027-12-05', rule: 'before' }, opensOn: '2027-11-01' },
    ];
    const source = stringify(doc);
    const parsed = parsePlan(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const cycles = await savePlan(db.prisma, parsed.plan, source);
    const acts = createActivities({ prisma: db.prisma, mailer, publicUrl: 'https://dondoc.test', linkDaysAfterClose: 60, temporal: unusedTemporal });
    const id = (cycle: string, unit: string) => `${PLAN}/${cycle}/${unit}`;
    const submit = (cycle: string, unit: string, at: string, kind: 'report' | 'nothing' = 'report', comment = `Báo cáo của ${unit}`) =>
      recordSubmission(db.prisma, { submissionId: crypto.randomUUID(), obligationId: id(cycle, unit), comment, channel: 'web', kind, receivedAt: new Date(at) });

    // 2025: one late, three on time (one of them "nothing to report"), one never; then closed.
    await submit('2025-annual', 'so-noi-vu', '2025-12-10T02:00:00Z');
    await submit('2025-annual', 'so-y-te', '2025-11-20T02:00:00Z');
    await submit('2025-annual', 'ban-dan-toc', '2025-11-21T02:00:00Z', 'nothing', 'Không phát sinh');
    await submit('2025-annual', 'so-tai-chinh', '2025-11-22T02:00:00Z');
    await submit('2025-annual', 'hoi-nong-dan', '2025-11-23T02:00:00Z');
    await acts.closeCycle({ cycleId: `${PLAN}/2025-annual`, closedAt: '2026-01-05T00:00:00.000Z' });

    // 2026: on time (with a comment a spreadsheet would run), nothing to report, late, overdue after
    // two reminders, still "reminded" past the deadline, exempted.
    const reminders = cycles[1]!.timeline.reminders;
    await submit('2026-annual', 'so-noi-vu', '2026-11-25T03:00:00Z', 'report', TRICKY_COMMENT);
    await submit('2026-annual', 'so-noi-vu', '2026-11-26T04:30:00Z', 'report', 'Bản bổ sung');
    await submit('2026-annual', 'so-y-te', '2026-11-26T03:00:00Z', 'nothing', 'Không có nội dung phát sinh');
    await submit('2026-annual', 'so-tai-chinh', '2026-12-07T08:15:00Z');
    for (const r of reminders.slice(0, 2)) await acts.sendReminder({ obligationId: id('2026-annual', 'ubnd-cao-loc'), scheduledFor: r.at.toISOString() });
    await acts.markOverdue({ obligationId: id('2026-annual', 'ubnd-cao-loc') });
    await acts.sendReminder({ obligationId: id('2026-annual', 'ban-dan-toc'), scheduledFor: reminders[0]!.at.toISOString() });
    await db.prisma.obligation.update({ where: { id: id('2026-annual', 'hoi-nong-dan') }, data: { status: 'exempted' } });
    return {
      db,
      cycles,
      async close() {
        await db.close();
      },
    };
  } finally {
    mailer.close();
    await catcher.close();
  }
}
