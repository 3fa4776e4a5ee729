-- The twin of db/sqlite/migrations/20261207180000_indicator_per_sex: a target that applies to each sex
-- (plan `target.perSex`), existing rows keeping a target on the total.
ALTER TABLE "Indicator" ADD COLUMN "targetPerSex" BOOLEAN NOT NULL DEFAULT false;
