-- Issue 15: which design runs a cycle's time-driven work (domain/cycle-design.ts). Existing cycles run
-- on the per-unit design, the only one there was. And, in a waves cycle, when a unit's own workflow was started.
ALTER TABLE "Cycle" ADD COLUMN "design" TEXT NOT NULL DEFAULT 'per-unit';
ALTER TABLE "Obligation" ADD COLUMN "ownWorkflowAt" DATETIME;
