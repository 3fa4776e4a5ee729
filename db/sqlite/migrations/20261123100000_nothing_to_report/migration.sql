-- A submission is a report or a confirmed "nothing to report" (its own obligation status).
ALTER TABLE "Submission" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'report';
