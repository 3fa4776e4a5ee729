// `npm run bench:dashboard` at a small scale (200 units, 1 s loads): both providers measured in one run,
// PostgreSQL on the benchmark's own private server (scripts/postgres-server.ts, the programs scripts/test.sh
// found), each with every answer a 200 and the figures BENCHMARKS.md quotes present.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('bench:dashboard', () => {
  it('measures SQLite and then PostgreSQL in one run, the same seed and load on each', async () => {
    const pgBin = process.env.DONDOC_TEST_POSTGRES_BIN;
    if (!pgBin) throw new Error('DONDOC_TEST_POSTGRES_BIN is not set: run with `npm test` (PostgreSQL 15 installed)');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-bench-test-'));
    try {
      const out = path.join(dir, 'result.json');
      const env = { ...process.env, DONDOC_BENCH_POSTGRES_BIN: pgBin, DONDOC_BENCH_UNITS: '200', DONDOC_BENCH_DURATION_S: '1', DONDOC_BENCH_WARMUP_S: '1', DONDOC_BENCH_CONNECTIONS: '10', DONDOC_BENCH_OUT: out };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/bench-dashboard.ts'], { cwd: root, env, maxBuffer: 16 << 20 });
      expect(stdout).toMatch(/\| sqlite \| dashboard \|/);
      expect(stdout).toMatch(/\| postgres \| dashboard \|/);
      const result = JSON.parse(fs.readFileSync(out, 'utf8'));
      expect(result.runs.map((r: { provider: string }) => r.provider)).toEqual(['sqlite', 'postgres']);
      for (const r of result.runs) {
        expect(Object.values(r.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(200);
        for (const m of [r.baseline, r.dashboard]) {
          expect(m.requests).toBeGreaterThan(0);
          expect(m.errors + m.timeouts + m.non2xx).toBe(0);
          expect(m.webProcess.serverMs.answers).toBeGreaterThanOrEqual(m.requests);
        }
        expect(r.dashboard.bytesPerResponse).toBeGreaterThan(10_000); // the page with its 100 rows, not an error page
        expect([r.dashboardAlone.status, r.cachedAlone.status, r.csv.status]).toEqual([200, 200, 200]);
        expect(r.inProcess.inject.dashboard.prismaOperations).toBe(2); // the session, the plan scope: the read is shared
        expect(r.inProcess.operations).toHaveLength(7);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
