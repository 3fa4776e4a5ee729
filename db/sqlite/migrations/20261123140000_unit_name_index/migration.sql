-- The office's tables (dashboard, exports, committee list) are ordered by unit name.
CREATE INDEX "Unit_planId_name_idx" ON "Unit"("planId", "name");
