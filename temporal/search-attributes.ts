// Registers dondoc's search attributes on the namespace (idempotent) and builds the typed values
// set when a workflow starts. Registration needs the operator API: the dev server and the test
// server allow it; on a managed cluster an administrator may have to add them once (the error says so).
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { Connection } from '@temporalio/client';
import { SA } from '../workflows/search-attribute-names.ts';

const keyword = (name: string) => defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);
export const SEARCH_ATTRIBUTES = { plan: keyword(SA.plan), cycle: keyword(SA.cycle), unit: keyword(SA.unit), status: keyword(SA.status) };

export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  let missing: string[] = Object.values(SA);
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    missing = missing.filter((n) => !(n in (existing.customAttributes ?? {})));
  } catch {
    // The Java test server has no ListSearchAttributes: add them all, "already exists" is fine.
  }
  if (missing.length === 0) return;
  try {
    // 2 = INDEXED_VALUE_TYPE_KEYWORD
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((n) => [n, 2])) });
  } catch (err) {
    if (/already exists/i.test((err as Error).message)) return;
    throw new Error(`Không đăng ký được search attribute ${missing.join(', ')} trên Temporal / cannot register search attributes ${missing.join(', ')} (ask the cluster administrator to add them as Keyword): ${(err as Error).message}`);
  }
}

/** Plan, cycle and (for an obligation) unit, from the readable workflow ID "plan/cycle[/unit]". */
export function startSearchAttributes(workflowId: string): SearchAttributePair[] {
  const [plan, cycle, unit] = workflowId.split('/');
  return [
    { key: SEARCH_ATTRIBUTES.plan, value: plan! },
    { key: SEARCH_ATTRIBUTES.cycle, value: `${plan}/${cycle}` },
    ...(unit ? [{ key: SEARCH_ATTRIBUTES.unit, value: unit }] : []),
    { key: SEARCH_ATTRIBUTES.status, value: 'open' },
  ];
}
