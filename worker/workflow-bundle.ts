// The worker's workflow bundle, built in a child process (worker/bundle-workflows.ts) with the same Node
// and loader flags as this one. Bundling in the worker itself (the SDK's `workflowsPath`) left webpack's
// working memory in the worker's resident set for its whole life: issue 15 measures the worker's peak
// RSS against 1 GiB at 20,000 units (BENCHMARKS.md), and the worker started at about 440 MiB that way.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const BUNDLER = path.resolve(import.meta.dirname, 'bundle-workflows.ts');

/** Builds the bundle into a temporary file and returns its code; the file is removed. */
export async function buildWorkflowBundle(): Promise<{ code: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dondoc-workflows-'));
  const out = path.join(dir, 'workflows.js');
  try {
    await promisify(execFile)(process.execPath, [...process.execArgv, BUNDLER, out], { maxBuffer: 16 * 1024 * 1024 });
    return { code: await fs.readFile(out, 'utf8') };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
