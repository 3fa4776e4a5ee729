-- Issue 14 §1: a plan's objectives and indicators (targets, direction, lead unit) stored at load,
-- and each indicator's value per cycle as the lead unit reported it (estimate or official).
-- CreateTable
CREATE TABLE "Objective" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "leadCode" TEXT,
    "coordinating" TEXT NOT NULL,
    CONSTRAINT "Objective_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "objectiveNumber" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT,
    "targetValue" REAL,
    "targetUnit" TEXT,
    "targetYear" INTEGER,
    "direction" TEXT NOT NULL DEFAULT 'at-least',
    "aggregate" TEXT NOT NULL DEFAULT 'none',
    "bySex" BOOLEAN NOT NULL DEFAULT false,
    "leadCode" TEXT,
    "coordinating" TEXT NOT NULL,
    CONSTRAINT "Indicator_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorFigure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "indicatorId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "askedInCycleId" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "female" REAL,
    "male" REAL,
    "estimate" BOOLEAN NOT NULL,
    "reportedBy" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    CONSTRAINT "IndicatorFigure_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorFigure_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Objective_planId_number_key" ON "Objective"("planId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_planId_key_key" ON "Indicator"("planId", "key");

-- CreateIndex
CREATE INDEX "IndicatorFigure_cycleId_indicatorId_idx" ON "IndicatorFigure"("cycleId", "indicatorId");

-- CreateIndex
CREATE INDEX "IndicatorFigure_indicatorId_unitId_idx" ON "IndicatorFigure"("indicatorId", "unitId");

