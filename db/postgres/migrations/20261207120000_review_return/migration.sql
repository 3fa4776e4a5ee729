-- Issue 12 section 2, the twin of db/sqlite/migrations/20261207120000_review_return: the office accepts a
-- submitted version or returns it for revision (a review is a row of ObligationDecision naming the
-- version, and a returned late version makes every later one late). No semicolon in comments: the
-- adapter splits a migration at each one.
-- AlterTable
ALTER TABLE "ObligationDecision" ADD COLUMN "submissionId" TEXT;

-- AlterTable
ALTER TABLE "Obligation" ADD COLUMN "returnedLate" BOOLEAN NOT NULL DEFAULT false;
