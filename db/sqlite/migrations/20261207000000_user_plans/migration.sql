-- Issue 12: accounts are scoped to plans. An office or committee account sees and acts on the plans
-- granted to it; admins see every plan and have no rows here.
-- CreateTable
CREATE TABLE "UserPlan" (
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "planId"),
    CONSTRAINT "UserPlan_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UserPlan_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UserPlan_planId_idx" ON "UserPlan"("planId");

-- An upgrade changes nothing for current users: every existing office and committee account keeps
-- every plan it saw before (all of them). Plans loaded from now on are granted explicitly.
INSERT INTO "UserPlan" ("userId", "planId")
SELECT "User"."id", "Plan"."id" FROM "User" CROSS JOIN "Plan" WHERE "User"."role" IN ('office', 'committee');
