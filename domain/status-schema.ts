// zod schemas of the status vocabulary (domain/statuses.ts), for statuses read back from the database
// or from Temporal's visibility: a string the vocabulary does not know fails loudly instead of showing
// as a raw word or counting nowhere. Kept apart from statuses.ts, which workflow code imports and which
// therefore imports nothing (zod included).
import { z } from 'zod';
import { CYCLE_STATUSES, DONDOC_STATUSES, OBLIGATION_STATUSES, type CycleStatus, type DondocStatus, type ObligationStatus } from './statuses.ts';

export const obligationStatusSchema = z.enum(OBLIGATION_STATUSES);
export const cycleStatusSchema = z.enum(CYCLE_STATUSES);
export const dondocStatusSchema = z.enum(DONDOC_STATUSES);

/** An obligation's status as stored; throws (naming the value) on a string outside the vocabulary. */
export function obligationStatusOf(stored: string): ObligationStatus {
  return obligationStatusSchema.parse(stored);
}

export function cycleStatusOf(stored: string): CycleStatus {
  return cycleStatusSchema.parse(stored);
}

export function dondocStatusOf(value: string): DondocStatus {
  return dondocStatusSchema.parse(value);
}
