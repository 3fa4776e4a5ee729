// The office's drafts of the province's report on a cycle (table ReportDraft): each save adds the next
// version, holding only what the office writes (reports/province-report.ts OfficeSections: its sections
// and the units' texts it edited in section IV). A download
// reads the latest version and the cycle's figures as they are then, so a regeneration keeps the office's
// text and refreshes every number. Two saves racing for one version number: the second retries on the next.
import { z } from 'zod';
import type { PrismaClient } from './client.ts';
import { StoredJsonError } from './stored-json.ts';
import type { OfficeSections } from '../reports/province-report.ts';

/** The longest text one section keeps (a report's proposals run to a few pages, not a book). */
export const SECTION_MAX_CHARS = 50_000;

export const OfficeSectionsSchema = z.strictObject({
  number: z.string().max(200),
  intro: z.string().max(SECTION_MAX_CHARS),
  proposals: z.string().max(SECTION_MAX_CHARS),
  signerTitle: z.string().max(200),
  signerName: z.string().max(200),
  // Section IV's texts the office edited (reports/unit-texts.ts), by unit code. Optional: a draft saved
  // before these were editable has none, and reads as "every unit's text follows its submission".
  unitTexts: z.record(z.string().min(1).max(200), z.strictObject({ text: z.string().min(1).max(SECTION_MAX_CHARS), submissionId: z.string().min(1).max(200) })).optional(),
}) satisfies z.ZodType<OfficeSections>;

/** What a cycle's draft says before the office has written anything. */
export const EMPTY_SECTIONS: OfficeSections = { number: 'Số:        /BC', intro: '', proposals: '', signerTitle: 'Thủ trưởng cơ quan', signerName: '' };

export interface DraftVersion {
  version: number;
  sections: OfficeSections;
  savedBy: string;
  savedAt: Date;
}

export function readReportSections(raw: unknown, rowId?: string): OfficeSections {
  const r = OfficeSectionsSchema.safeParse(raw);
  if (!r.success) throw new StoredJsonError('ReportDraft.sections', rowId, `wrong shape: ${z.prettifyError(r.error).replace(/\s*\n\s*/g, ' ')}`);
  return r.data;
}

/** Every version of the cycle's draft, newest first (a short list: one per save). */
export async function draftVersions(prisma: PrismaClient, cycleId: string): Promise<DraftVersion[]> {
  const rows = await prisma.reportDraft.findMany({ where: { cycleId }, orderBy: { version: 'desc' } });
  return rows.map((r) => ({ version: r.version, sections: readReportSections(r.sections, `${r.cycleId}#${r.version}`), savedBy: r.savedBy, savedAt: r.savedAt }));
}

/** The version asked for, or the latest; null when the cycle has none (or not that one). */
export async function draftVersion(prisma: PrismaClient, cycleId: string, version?: number): Promise<DraftVersion | null> {
  const r = version === undefined
    ? await prisma.reportDraft.findFirst({ where: { cycleId }, orderBy: { version: 'desc' } })
    : await prisma.reportDraft.findUnique({ where: { cycleId_version: { cycleId, version } } });
  return r && { version: r.version, sections: readReportSections(r.sections, `${r.cycleId}#${r.version}`), savedBy: r.savedBy, savedAt: r.savedAt };
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';
}

/** Saves the office's sections as the cycle's next version; returns its number. */
export async function saveDraft(prisma: PrismaClient, cycleId: string, sections: OfficeSections, by: string, at: Date): Promise<number> {
  const data = OfficeSectionsSchema.parse(sections);
  for (let attempt = 0; ; attempt++) {
    const last = await prisma.reportDraft.findFirst({ where: { cycleId }, orderBy: { version: 'desc' }, select: { version: true } });
    const version = (last?.version ?? 0) + 1;
    try {
      await prisma.reportDraft.create({ data: { cycleId, version, sections: data, savedBy: by, savedAt: at } });
      return version;
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 5) throw e;
    }
  }
}
