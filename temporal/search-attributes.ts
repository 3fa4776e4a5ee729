// Registers dondoc's search attributes on the namespace (idempotent) and builds the typed values
// set when a workflow starts. Registration needs the operator API: the dev server and the test
// server allow it; on a managed cluster an administrator may have to add them once (the error says so).
// The keys are defined once in workflows/search-attributes.ts, which the workflows use to upsert the status.
import type { SearchAttributePair, SearchAttributeType } from '@temporalio/common';
import type { Connection } from '@temporalio/client';
import type { CycleStatus, ObligationStatus } from '../domain/statuses.ts';
import { DONDOC_CYCLE, DONDOC_PLAN, DONDOC_SEARCH_ATTRIBUTES, DONDOC_STATUS, DONDOC_UNIT } from '../workflows/search-attributes.ts';

/** The operator API's IndexedValueType for each type the keys use (INDEXED_VALUE_TYPE_KEYWORD = 2). */
const INDEXED_VALUE_TYPE: Partial<Record<SearchAttributeType, number>> = { KEYWORD: 2 };

/** A cycle and an obligation both start "open" (the same word in both vocabularies). */
const STARTED: CycleStatus & ObligationStatus = 'open';

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  let missing = [...DONDOC_SEARCH_ATTRIBUTES];
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    missing = missing.filter((k) => !(k.name in (existing.customAttributes ?? {})));
  } catch {
    // The Java test server has no ListSearchAttributes: add them all, "already exists" is fine.
  }
  if (missing.length === 0) return;
  const names = missing.map((k) => k.name).join(', ');
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_VALUE_TYPE[k.type]!])) });
  } catch (err) {
    if (/already exists/i.test((err as Error).message)) return;
    throw new Error(`Không đăng ký được search attribute ${names} trên Temporal / cannot register search attributes ${names} (ask the cluster administrator to add them as Keyword): ${(err as Error).message}`);
  }
}

/** Plan, cycle and (for an obligation) unit, from the readable workflow ID "plan/cycle[/unit]". */
export function startSearchAttributes(workflowId: string): SearchAttributePair[] {
  const [plan, cycle, unit] = workflowId.split('/');
  return [
    { key: DONDOC_PLAN, value: plan! },
    { key: DONDOC_CYCLE, value: `${plan}/${cycle}` },
    ...(unit ? [{ key: DONDOC_UNIT, value: unit }] : []),
    { key: DONDOC_STATUS, value: STARTED },
  ];
}
