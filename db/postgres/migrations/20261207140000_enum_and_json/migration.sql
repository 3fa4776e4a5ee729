-- The twin of db/sqlite/migrations/20261207140000_enum_and_json. The JSON columns become JSONB and the
-- obligation's status the enum ObligationStatus. Written by hand from prisma migrate diff, which drops
-- and re-adds each column (losing its rows): here each column changes type in place, its text cast to
-- JSONB or to the enum, and a default is dropped before the change and set again after it.

-- CreateEnum
CREATE TYPE "ObligationStatus" AS ENUM ('open', 'reminded', 'submitted_on_time', 'submitted_late', 'nothing_to_report', 'overdue', 'escalated', 'extended', 'exempted', 'missing', 'returned');

-- AlterTable
ALTER TABLE "Obligation" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Obligation" ALTER COLUMN "status" SET DATA TYPE "ObligationStatus" USING "status"::"ObligationStatus";
ALTER TABLE "Obligation" ALTER COLUMN "status" SET DEFAULT 'open';

-- AlterTable
ALTER TABLE "Plan" ALTER COLUMN "office" SET DATA TYPE JSONB USING "office"::JSONB,
ALTER COLUMN "committee" SET DATA TYPE JSONB USING "committee"::JSONB;

-- AlterTable
ALTER TABLE "Cycle" ALTER COLUMN "figures" DROP DEFAULT;
ALTER TABLE "Cycle" ALTER COLUMN "timeline" SET DATA TYPE JSONB USING "timeline"::JSONB,
ALTER COLUMN "summary" SET DATA TYPE JSONB USING "summary"::JSONB,
ALTER COLUMN "figures" SET DATA TYPE JSONB USING "figures"::JSONB,
ALTER COLUMN "request" SET DATA TYPE JSONB USING "request"::JSONB;
ALTER TABLE "Cycle" ALTER COLUMN "figures" SET DEFAULT '[]';

-- AlterTable
ALTER TABLE "Submission" ALTER COLUMN "figures" SET DATA TYPE JSONB USING "figures"::JSONB;

-- AlterTable
ALTER TABLE "AuditEvent" ALTER COLUMN "detail" SET DATA TYPE JSONB USING "detail"::JSONB;
