// The plan file's schema (Kế hoạch): the fields (plan-object.ts) with the cross-checks that one field
// alone cannot make (plan-checks.ts). The single source of the plan's TypeScript types.
import type { z } from 'zod';
import { checkPlan } from './plan-checks.ts';
import { PlanObjectSchema } from './plan-object.ts';

export * from './plan-object.ts';

export const PlanSchema = PlanObjectSchema.superRefine(checkPlan);

export type Plan = z.infer<typeof PlanSchema>;
