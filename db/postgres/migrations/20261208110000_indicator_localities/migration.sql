-- The twin of db/sqlite/migrations/20261208110000_indicator_localities: who is asked for an indicator
-- (plan askedOf) and the lead unit's value split by locality (plan byLocality), existing rows keeping
-- their meaning (the lead unit asked, a value of the unit's own)
ALTER TABLE "Indicator" ADD COLUMN "askedOf" TEXT NOT NULL DEFAULT 'lead';
ALTER TABLE "Indicator" ADD COLUMN "byLocality" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "IndicatorFigure" ADD COLUMN "localityUnitId" TEXT;
