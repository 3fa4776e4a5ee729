-- A web process claims an undelivered submission for a while before telling its workflow, so several
-- web processes redelivering at once tell it once (temporal/submission-delivery.ts).
ALTER TABLE "Submission" ADD COLUMN "deliveryLeaseUntil" DATETIME;
