-- Issue 5, the unit's page: the figures a cycle asks for, the report file and figures of a submission,
-- and the units' extension requests.
ALTER TABLE "Cycle" ADD COLUMN "figures" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "Submission" ADD COLUMN "fileSha256" TEXT;
ALTER TABLE "Submission" ADD COLUMN "fileName" TEXT;
ALTER TABLE "Submission" ADD COLUMN "fileSize" INTEGER;
ALTER TABLE "Submission" ADD COLUMN "fileType" TEXT;
ALTER TABLE "Submission" ADD COLUMN "figures" TEXT;

-- CreateIndex
CREATE INDEX "Submission_obligationId_fileSha256_idx" ON "Submission"("obligationId", "fileSha256");

-- CreateTable
CREATE TABLE "ExtensionRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "obligationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requestedLastDay" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    CONSTRAINT "ExtensionRequest_obligationId_fkey" FOREIGN KEY ("obligationId") REFERENCES "Obligation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ExtensionRequest_obligationId_status_idx" ON "ExtensionRequest"("obligationId", "status");
