// Replays committed histories through the current workflow code: a whole cycle recorded from
// tests/e2e/cycle.test.ts before any of the later patches (test-2026__*), and the histories of
// tests/e2e/workflow-endings.test.ts, which take the patched paths (endings-2026__*, handlers-2026__*),
// and, recorded after patch 'status-vocabulary', the same two files again and tests/e2e/office-actions.test.ts
// (resend, exemption, extension): status-vocabulary@*; after patch 'review-return', tests/e2e/review-return.test.ts
// (a report returned for revision, reminded again, resubmitted and accepted): review-return@*; the unit
// workflows of a waves cycle (ObligationInput.waveDriven) from tests/e2e/wave-units.test.ts: wave-driven@*;
// the first cycle of the waves design (workflows/wave-cycle.ts), from tests/e2e/waves-cycle.test.ts: waves@*. A later batch is named "batch@workflow-id", so
// that it never overwrites an earlier one.
// A change that would break cycles already running in production fails here; make such a change with
// `patched()` or a new workflow type, never in place.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, jest } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import { readHistory } from '../helpers/histories.ts';
import { workflowBundle } from '../helpers/temporal.ts';

// Whole cycles on real servers: each test and hook may take this long.
jest.setTimeout(120_000);

const dir = path.resolve(import.meta.dirname, 'histories');

describe('replay of committed workflow histories', () => {
  it('replays every history without non-determinism', async () => {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    // a cycle and its three obligations from before the patches, the same after them, and one more
    // obligation; all of them again after 'status-vocabulary', and the office's cycle of four; the
    // returned report's cycle of four; three wave-driven units; a waves cycle
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files).toContain('waves@waves-2026__2026-annual.json');
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f.replace(/\.json$/, '').replace(/^.*@/, '').replace(/__/g, '/'), history: await readHistory(path.join(dir, f)) })),
    );
    const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories);
    let replayed = 0;
    for await (const r of results) {
      // on failure, look at: `${r.workflowId}: ${r.error?.message}`
      expect(r.error).toBe(undefined);
      replayed++;
    }
    expect(replayed).toBe(files.length);
  });
});
