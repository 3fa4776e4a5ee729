-- The twin of db/sqlite/migrations/20261208120000_cycle_design: the design of each cycle (existing cycles
-- are per-unit) and, in a waves cycle, when a unit's own workflow was started.
ALTER TABLE "Cycle" ADD COLUMN "design" TEXT NOT NULL DEFAULT 'per-unit';
ALTER TABLE "Obligation" ADD COLUMN "ownWorkflowAt" TIMESTAMP(3);
