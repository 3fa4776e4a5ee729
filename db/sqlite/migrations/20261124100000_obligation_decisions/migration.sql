-- Issue 11: the office's decisions on an obligation (extension, exemption) with their reason, who
-- decided and when, one row per decision (a unit may be extended more than once).
-- CreateTable
CREATE TABLE "ObligationDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "obligationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "dueAt" DATETIME,
    CONSTRAINT "ObligationDecision_obligationId_fkey" FOREIGN KEY ("obligationId") REFERENCES "Obligation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ObligationDecision_obligationId_at_idx" ON "ObligationDecision"("obligationId", "at");

