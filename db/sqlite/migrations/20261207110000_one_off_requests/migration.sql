-- Issue 12 §3: one-off requests (báo cáo đột xuất, kiểm tra, theo mục tiêu, kế hoạch và dự toán) created
-- by the office on a plan, stored as cycles of kind "one-off". The request's own definition (its units,
-- last day, figures, who created it) lives here, since the plan file does not hold it; null for a cycle
-- of the plan file.
-- AlterTable
ALTER TABLE "Cycle" ADD COLUMN "request" TEXT;
