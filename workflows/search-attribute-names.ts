// The custom search attributes (all Keyword) that let Temporal's own visibility list dondoc's
// workflows by plan, cycle, unit and status. Names only: shared by the workflows (which upsert the
// status) and temporal/search-attributes.ts (which registers them and sets the others at start).
export const SA = {
  plan: 'DondocPlan',
  cycle: 'DondocCycle',
  unit: 'DondocUnit',
  status: 'DondocStatus',
} as const;
