// `dondoc plan preview` on a source plan with tasks (plans/langson-2016.yaml): after the cycles, one
// line per task reminder with its day (dd/mm/yyyy), the task and its lead unit (issue 14 §2).
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { dondoc, ROOT } from './cli-runner.ts';

jest.setTimeout(60_000);

describe('plan preview lists the task reminders', () => {
  it('langson-2016: each task with a period, 7 days before it ends, moved off Sundays and holidays', async () => {
    const r = await dondoc('plan', 'preview', path.join(ROOT, 'plans/langson-2016.yaml'));
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const head = lines.findIndex((l) => l.startsWith('Nhắc thực hiện nhiệm vụ'));
    expect(head).toBeGreaterThan(0);
    // "trong tháng 6/2016" ends Thursday 30/06/2016: reminded Thursday 23/06/2016 at the plan's 08:00
    expect(lines).toContain('  23/06/2016 08:00  II.1 Rà soát cán bộ nữ; giải pháp tăng tỷ lệ phụ nữ tham gia đại biểu Quốc hội khóa XIV và HĐND các cấp nhiệm kỳ 2016-2021 — Sở Nội vụ (hết hạn / ends 30/06/2016)');
    const days = lines.slice(head + 1).filter((l) => /^ {2}\d\d\/\d\d\/\d{4}/.test(l)).map((l) => l.slice(2, 12));
    expect(days.length).toBeGreaterThanOrEqual(10);
    expect([...days].sort((a, b) => a.split('/').reverse().join('').localeCompare(b.split('/').reverse().join('')))).toStrictEqual(days);
  });
});
