-- Issue 14 §1: a plan's objectives and indicators (targets, direction, lead unit) stored at load,
-- and each indicator's value per cycle as the lead unit reported it (estimate or official).
-- The twin of the SQLite migration of the same name, as prisma migrate diff writes it for PostgreSQL.

-- CreateTable
CREATE TABLE "Objective" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "leadCode" TEXT,
    "coordinating" TEXT NOT NULL,

    CONSTRAINT "Objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "objectiveNumber" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT,
    "targetValue" DOUBLE PRECISION,
    "targetUnit" TEXT,
    "targetYear" INTEGER,
    "direction" TEXT NOT NULL DEFAULT 'at-least',
    "aggregate" TEXT NOT NULL DEFAULT 'none',
    "bySex" BOOLEAN NOT NULL DEFAULT false,
    "leadCode" TEXT,
    "coordinating" TEXT NOT NULL,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorFigure" (
    "id" TEXT NOT NULL,
    "indicatorId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "askedInCycleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "female" DOUBLE PRECISION,
    "male" DOUBLE PRECISION,
    "estimate" BOOLEAN NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IndicatorFigure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Objective_planId_number_key" ON "Objective"("planId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_planId_key_key" ON "Indicator"("planId", "key");

-- CreateIndex
CREATE INDEX "IndicatorFigure_cycleId_indicatorId_idx" ON "IndicatorFigure"("cycleId", "indicatorId");

-- CreateIndex
CREATE INDEX "IndicatorFigure_indicatorId_unitId_idx" ON "IndicatorFigure"("indicatorId", "unitId");

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorFigure" ADD CONSTRAINT "IndicatorFigure_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorFigure" ADD CONSTRAINT "IndicatorFigure_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
