-- Issue 12 §2: the office accepts a submitted version or returns it for revision. A review is a row of
-- ObligationDecision naming the version; a returned late version makes every later one late.
-- AlterTable
ALTER TABLE "ObligationDecision" ADD COLUMN "submissionId" TEXT;

-- AlterTable
ALTER TABLE "Obligation" ADD COLUMN "returnedLate" BOOLEAN NOT NULL DEFAULT false;
