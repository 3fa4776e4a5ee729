// Builds the workflow bundle (webpack, through the SDK's bundleWorkflowCode) and writes it to the file
// given as the only argument. Run as a child process by worker/workflow-bundle.ts: webpack's working
// memory then lives and dies in that child, not in the long-running worker.
import fs from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './workflows-path.ts';

const out = process.argv[2];
if (!out) throw new Error('usage: bundle-workflows.ts <output file>');
const quiet = { info() {}, warn() {}, debug() {}, trace() {}, log() {}, error: (m: string) => process.stderr.write(`${m}\n`) };
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet as never });
await fs.writeFile(out, code);
