// What the unit's pages need about the obligation a personal link opens, or null for any bad link.
import type { PrismaClient } from '../../db/client.ts';
import { obligationIdForToken } from '../../db/tokens.ts';
import { indicatorAsks } from '../../db/indicator-figures.ts';

export async function loadForToken(prisma: PrismaClient, token: string, now: Date) {
  const id = await obligationIdForToken(prisma, token, now);
  if (!id) return null;
  const o = await prisma.obligation.findUnique({
    where: { id },
    include: {
      unit: true,
      cycle: { include: { plan: true, forms: { orderBy: { position: 'asc' } } } },
      submissions: { orderBy: { receivedAt: 'asc' } },
      extensionRequests: { orderBy: { requestedAt: 'desc' } },
      // the office's returns for revision: the unit's page says which version, why and by when
      decisions: { where: { kind: 'return' }, orderBy: { at: 'asc' } },
    },
  });
  // The indicators this unit leads (issue 14 §1): asked on its page beside the cycle's figures.
  return o ? { ...o, indicatorAsks: await indicatorAsks(prisma, o) } : null;
}

export type LoadedObligation = NonNullable<Awaited<ReturnType<typeof loadForToken>>>;
