-- The office's drafts of the province's report on a cycle (issue 14 §3), one row per saved version:
-- only the sections the office writes, the figures being read afresh at every download.
CREATE TABLE "ReportDraft" (
    "cycleId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sections" JSONB NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" DATETIME NOT NULL,

    PRIMARY KEY ("cycleId", "version"),
    CONSTRAINT "ReportDraft_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "Cycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
