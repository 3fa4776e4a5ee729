// Loads what an obligation's emails need: the unit and its contacts, the cycle, the plan's office.
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../db/client.ts';
import { readPlanOffice, type StoredJson } from '../db/stored-json.ts';
import type { OfficeContact } from '../templates/layout.ts';

export async function loadObligation(prisma: PrismaClient, obligationId: string) {
  const o = await prisma.obligation.findUnique({
    where: { id: obligationId },
    include: { unit: { include: { contacts: true } }, cycle: { include: { plan: true } } },
  });
  if (!o) throw ApplicationFailure.nonRetryable(`no obligation ${obligationId} in the database`, 'NotFound');
  return o;
}

export function officeOf(plan: { id: string; office: StoredJson }): OfficeContact {
  return readPlanOffice(plan.office, plan.id);
}
