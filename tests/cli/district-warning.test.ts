// `dondoc plan preview` warns, at the unit's line, of a district that still owes a cycle due after
// 1/7/2025 (districts were abolished then), and still previews the plan; the demo plan, whose district
// closed on 30/06/2025 and was merged into a commune, has no warning.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dondoc, ROOT, scratch, STACK_TRACE } from './cli-runner.ts';

const demo = () => readFileSync(path.join(ROOT, 'plans/demo.yaml'), 'utf8');

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
});
