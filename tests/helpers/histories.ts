// Workflow histories for the replay test (tests/workflows/replay.test.ts), stored as JSON through
// @temporalio/proto's own toObject/fromObject. (The SDK's historyFromJSON fails in this install:
// npm keeps two copies of protobufjs 8, one nested under @temporalio/common.) After a change of
// workflow code, record new histories into a folder of their own and add them beside the committed
// ones; never record over those: they prove that workflows started on older code still replay.
//   DONDOC_RECORD_HISTORIES=test-artifacts/histories npm test -- tests/e2e/cycle.test.ts
import fs from 'node:fs/promises';
import path from 'node:path';
import proto from '@temporalio/proto';
import type { Stack } from './stack.ts';

const History = proto.temporal.api.history.v1.History;
export type HistoryMessage = proto.temporal.api.history.v1.History;

export async function recordHistories(stack: Stack, workflowIds: string[], dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const id of workflowIds) {
    const history = await stack.env.client.workflow.getHandle(id).fetchHistory();
    const object = History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String, defaults: false });
    await fs.writeFile(path.join(dir, `${id.replace(/\//g, '__')}.json`), `${JSON.stringify(object, null, 1)}\n`);
  }
}

export async function readHistory(file: string): Promise<HistoryMessage> {
  return History.fromObject(JSON.parse(await fs.readFile(file, 'utf8')));
}
