// The custom search attributes (all Keyword) that let Temporal's own visibility list dondoc's workflows
// by plan, cycle, unit and status, as typed keys: shared by the workflows (which upsert the status) and
// temporal/search-attributes.ts (which registers them and sets them all at start). The status values
// are the one vocabulary's (domain/statuses.ts), so the type refuses a word the database does not know.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { DondocStatus } from '../domain/statuses.ts';

export const DONDOC_PLAN = defineSearchAttributeKey('DondocPlan', SearchAttributeType.KEYWORD);
export const DONDOC_CYCLE = defineSearchAttributeKey('DondocCycle', SearchAttributeType.KEYWORD);
export const DONDOC_UNIT = defineSearchAttributeKey('DondocUnit', SearchAttributeType.KEYWORD);
export const DONDOC_STATUS = defineSearchAttributeKey('DondocStatus', SearchAttributeType.KEYWORD);

/** Every key, for registering them on a namespace. */
export const DONDOC_SEARCH_ATTRIBUTES = [DONDOC_PLAN, DONDOC_CYCLE, DONDOC_UNIT, DONDOC_STATUS] as const;

/** The upsert of DondocStatus. */
export function statusUpdate(status: DondocStatus): SearchAttributeUpdatePair[] {
  return [{ key: DONDOC_STATUS, value: status }];
}
