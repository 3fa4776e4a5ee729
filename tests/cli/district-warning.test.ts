// `dondoc plan preview`, `plan check` and `plan load` warn, at the unit's line, of a district that still
// owes a cycle due after 1/7/2025 (districts were abolished then), and go on with the same exit code as
// without it; the demo plan, whose district closed on 30/06/2025 and was merged into a commune, has no warning.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { CliError, planLoad } from '../../cli/plan-commands.ts';
import { loadConfig } from '../../config/config.ts';
import { freshDatabase } from '../helpers/db.ts';
import { tempUploadsDir } from '../helpers/uploads.ts';
import { dondoc, ROOT, scratch, STACK_TRACE } from './cli-runner.ts';

const demo = () => readFileSync(path.join(ROOT, 'plans/demo.yaml'), 'utf8');
/** The demo without the district's last day and successor: it owes the 2026 cycle. */
const districtPlan = () => {
  const source = demo().replace('    closesOn: "2025-06-30"\n    mergedInto: ubnd-xa-minh-hoa\n', '');
  expect(source).not.toContain('mergedInto');
  const { write } = scratch();
  return { source, file: write('district.yaml', source), line: source.split('\n').findIndex((l) => l.includes('kind: district')) + 1 };
};
const WARNING = (line: number) => `Cảnh báo / warning: units[3].kind (dòng / line ${line}): đơn vị cấp huyện "ubnd-huyen-minh-hoa" vẫn phải nộp kỳ "2026-annual" (hạn 04/12/2026)`;

describe('plan preview: districts after 1/7/2025', () => {
  it('a district still owing the 2026 cycle: a located warning, the preview goes on (exit 0)', async () => {
    const { write } = scratch();
    // The demo without the district's last day and successor: it owes the 2026 cycle.
    const source = demo().replace('    closesOn: "2025-06-30"\n    mergedInto: ubnd-xa-minh-hoa\n', '');
    expect(source).not.toContain('mergedInto');
    const file = write('district.yaml', source);
    const r = await dondoc('plan', 'preview', file);
    expect(r.code).toBe(0);
    const line = source.split('\n').findIndex((l) => l.includes('kind: district')) + 1;
    expect(r.stderr).toContain(`Cảnh báo / warning: units[3].kind (dòng / line ${line}): đơn vị cấp huyện "ubnd-huyen-minh-hoa" vẫn phải nộp kỳ "2026-annual" (hạn 04/12/2026)`);
    expect(r.stderr).toContain('say closesOn: 2025-06-30 and mergedInto');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toMatch(/Kỳ \/ cycle 2026-annual/);
  });

  it('the demo plan as shipped: no warning, the district owes nothing, the commune does', async () => {
    const r = await dondoc('plan', 'preview', path.join(ROOT, 'plans/demo.yaml'), '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Cảnh báo');
    const units = new Set(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { unit: string }).unit));
    expect([...units].sort()).toStrictEqual(['hoi-lhpn', 'so-noi-vu', 'so-y-te', 'ubnd-xa-minh-hoa']);
  });

  it('plan check: the same located warning on stderr, the plan still valid (exit 0)', async () => {
    const { file, line } = districtPlan();
    const r = await dondoc('plan', 'check', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(WARNING(line));
    expect(r.stderr).toContain('say closesOn: 2025-06-30 and mergedInto');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stdout).toMatch(/kế hoạch hợp lệ \/ valid plan "demo-2026"/);
    const shipped = await dondoc('plan', 'check', path.join(ROOT, 'plans/demo.yaml'));
    expect(shipped).toMatchObject({ code: 0, stderr: '' });
  });

  it('plan load: the warning on stderr before storing, the plan stored, the exit code as without it', async () => {
    const { file, line } = districtPlan();
    const [db, uploads] = await Promise.all([freshDatabase(), tempUploadsDir()]);
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      // Temporal unreachable: exit code 3 whatever the warnings, once the plan is stored.
      const env = { DATABASE_URL: db.url, DONDOC_UPLOADS_DIR: uploads.dir, DONDOC_DATA_DIR: uploads.root, TEMPORAL_ADDRESS: '127.0.0.1:1' };
      const failed = await planLoad(file, () => loadConfig(env)).catch((e: unknown) => e);
      spy.mockRestore();
      expect(failed).toBeInstanceOf(CliError);
      expect((failed as CliError).exitCode).toBe(3);
      expect(written.filter((w) => w.startsWith('Cảnh báo'))).toStrictEqual([expect.stringContaining(WARNING(line))]);
      expect(await db.prisma.obligation.count({ where: { unit: { code: 'ubnd-huyen-minh-hoa' } } })).toBe(1);
    } finally {
      spy.mockRestore();
      await Promise.all([db.close(), uploads.close()]);
    }
  }, 60_000); // migrate deploy runs Prisma's CLI, and the Temporal client tries its connection for a while
});
