-- Issue 14 §1, localities after 2025: a unit's first and last day as the plan file says them (they were
-- only used at load to decide who owes a cycle) and the unit that took it over (plan `mergedInto`), so
-- the rates and trend pages show a merged unit's cycles on its successor's line. All nullable: existing
-- units have none of them until their plan is loaded again.
ALTER TABLE "Unit" ADD COLUMN "opensOn" TEXT;
ALTER TABLE "Unit" ADD COLUMN "closesOn" TEXT;
ALTER TABLE "Unit" ADD COLUMN "mergedIntoId" TEXT REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
