-- The twin of db/sqlite/migrations/20261208100000_unit_merges: a unit's first and last day and the unit
-- that took it over (plan `mergedInto`), all nullable until the plan is loaded again.
ALTER TABLE "Unit" ADD COLUMN "opensOn" TEXT;
ALTER TABLE "Unit" ADD COLUMN "closesOn" TEXT;
ALTER TABLE "Unit" ADD COLUMN "mergedIntoId" TEXT;
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;
