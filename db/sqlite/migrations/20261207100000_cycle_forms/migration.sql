-- Issue 12: a cycle's report forms (mẫu báo cáo kèm theo Kế hoạch), the files named by the plan's
-- cycles[].forms, stored by SHA-256 under <uploads dir>/forms; one row per form of a cycle.
-- CreateTable
CREATE TABLE "CycleForm" (
    "cycleId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "mediaType" TEXT NOT NULL,

    PRIMARY KEY ("cycleId", "position"),
    CONSTRAINT "CycleForm_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CycleForm_cycleId_sha256_idx" ON "CycleForm"("cycleId", "sha256");
