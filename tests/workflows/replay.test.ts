// Replays committed histories of a whole cycle (recorded from tests/e2e/cycle.test.ts) through the
// current workflow code. A change that would break cycles already running in production fails here;
// make such a change with `patched()` or a new workflow type, never in place.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { readHistory } from '../helpers/histories.ts';
import { workflowBundle } from '../helpers/temporal.ts';

const dir = path.resolve(import.meta.dirname, 'histories');

describe('replay of committed workflow histories', { timeout: 120_000 }, () => {
  it('replays every history without non-determinism', async () => {
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    assert.ok(files.length >= 4, 'a cycle and its three obligations are committed');
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f.replace(/\.json$/, '').replace(/__/g, '/'), history: await readHistory(path.join(dir, f)) })),
    );
    const results = Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories);
    let replayed = 0;
    for await (const r of results) {
      assert.equal(r.error, undefined, `${r.workflowId}: ${r.error?.message}`);
      replayed++;
    }
    assert.equal(replayed, files.length);
  });
});
