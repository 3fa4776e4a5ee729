-- Issue 14 §1: who is asked for an indicator (plan `askedOf`: the lead unit, every unit or units of some
-- kinds) and the lead unit's value split by locality (plan `byLocality`). New columns with defaults:
-- existing indicators keep asking their lead unit, existing values are the unit's own (no locality).
ALTER TABLE "Indicator" ADD COLUMN "askedOf" TEXT NOT NULL DEFAULT 'lead';
ALTER TABLE "Indicator" ADD COLUMN "byLocality" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "IndicatorFigure" ADD COLUMN "localityUnitId" TEXT;
