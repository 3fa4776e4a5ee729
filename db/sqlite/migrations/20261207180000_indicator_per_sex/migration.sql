-- Issue 14 §1: a target that applies to each sex ("ít nhất 45% cho mỗi giới", plan `target.perSex`),
-- judged on the female and the male value separately. A new column with a default: existing rows keep
-- their meaning, a target on the total.
ALTER TABLE "Indicator" ADD COLUMN "targetPerSex" BOOLEAN NOT NULL DEFAULT false;
