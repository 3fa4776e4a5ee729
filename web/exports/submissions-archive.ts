// What the "all submissions" ZIP holds (web/exports/zip-routes.ts): a folder per unit named by the
// unit (without Vietnamese marks, so every unzip tool shows it, with the unit's code), and in it, for
// every version of every submission, its text (a header with the receipt's facts and the figures, then
// the text as sent) and the file as the unit sent it; `danh-sach.csv` at the top lists each version:
// unit, version, time, status, the receipt's SHA-256, where its file and text are in the archive, the
// file's original name and size, and the figures. Planned from the database first (no text, no file
// read), so the archive's size is known and every file is checked before the first byte is sent.
// The files sent with the statuses of the tasks the cycle's report speaks of follow, under "nhiem-vu/"
// (web/exports/task-archive.ts).
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { strToU8 } from 'fflate';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../db/client.ts';
import { VN_ZONE } from '../../domain/calendar.ts';
import { readCycleFigures, readSubmissionFigures } from '../../db/stored-json.ts';
import { formatFigureValue, type FigureValues } from '../../domain/figure-values.ts';
import { formatSize } from '../../domain/file-size.ts';
import type { PlanFigure } from '../../domain/plan-schema.ts';
import { blobPath } from '../uploads/store.ts';
import { versionNumbers } from '../submission-versions.ts';
import { toCsv } from './csv.ts';
import { formatDayTime } from './cycle-sheet.ts';
import { figureColumns } from './cycle-figures.ts';
import { planTaskFiles, taskFileEntries, type TaskFileItem } from './task-archive.ts';
import { entryBound, safeSegment, ZipPaths, type ZipEntry } from './zip-stream.ts';

export const INDEX_NAME = 'danh-sach.csv';
const KIND_LABEL: Record<string, string> = { report: 'Báo cáo', nothing: 'Không có nội dung báo cáo' };
/** The text entry's header never reaches this; the comment's own bytes are counted exactly. */
const TEXT_HEADER_BOUND = 4096;
/** Texts are read from the database this many at a time while the archive streams. */
const TEXT_PAGE = 200;

interface Item {
  submissionId: string;
  unitCode: string;
  unitName: string;
  version: number;
  receivedAt: Date;
  kind: string;
  onTime: boolean;
  channel: string;
  checksum: string;
  figures: FigureValues;
  textPath: string;
  file: { path: string; blob: string; name: string; size: number } | null;
}

export interface ArchivePlan {
  items: Item[];
  defs: PlanFigure[];
  /** The files sent with the statuses of the cycle's tasks, after the units' folders. */
  taskFiles: TaskFileItem[];
  /** Entries and an upper bound of the archive's bytes, for fitsZip32. */
  entries: number;
  bytes: number;
}

const collator = new Intl.Collator('vi');

export async function planArchive(prisma: PrismaClient, uploadsDir: string, cycle: { id: string; plan: { id: string } }): Promise<ArchivePlan> {
  const [obligations, units, head, submissions] = await Promise.all([
    prisma.obligation.findMany({ where: { cycleId: cycle.id }, select: { id: true, unitId: true } }),
    prisma.unit.findMany({ where: { planId: cycle.plan.id }, select: { id: true, code: true, name: true } }),
    prisma.cycle.findUnique({ where: { id: cycle.id }, select: { figures: true } }),
    prisma.submission.findMany({
      where: { obligation: { is: { cycleId: cycle.id } } },
      select: { id: true, obligationId: true, receivedAt: true, kind: true, onTime: true, checksum: true, channel: true, fileSha256: true, fileName: true, fileSize: true, figures: true },
    }),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const unitOf = new Map(obligations.map((o) => [o.id, unitById.get(o.unitId) ?? { code: 'khong-ro', name: '' }]));
  const versions = versionNumbers(submissions);
  const rows = submissions
    .map((s) => ({ s, unit: unitOf.get(s.obligationId) ?? { code: 'khong-ro', name: '' }, version: versions.get(s.id)! }))
    .sort((a, b) => collator.compare(a.unit.name, b.unit.name) || a.unit.code.localeCompare(b.unit.code) || a.version - b.version);

  const paths = new ZipPaths();
  paths.claim(INDEX_NAME);
  const items = rows.map(({ s, unit, version }): Item => {
    // Each part a segment of its own: a slash in a unit's or a file's name never makes a folder.
    const folder = safeSegment(`${unit.name} (${unit.code})`);
    const stem = `v${String(version).padStart(2, '0')} ${DateTime.fromJSDate(s.receivedAt, { zone: VN_ZONE }).toFormat('yyyy-MM-dd HHmm')}`;
    return {
      submissionId: s.id,
      unitCode: unit.code,
      unitName: unit.name,
      version,
      receivedAt: s.receivedAt,
      kind: s.kind,
      onTime: s.onTime,
      channel: s.channel,
      checksum: s.checksum,
      figures: readSubmissionFigures(s.figures, s.id),
      textPath: paths.claim(`${folder}/${stem} ${s.kind === 'nothing' ? 'khong-co-noi-dung' : 'noi-dung'}.txt`),
      file: s.fileSha256 ? { path: paths.claim(`${folder}/${stem} - ${safeSegment(s.fileName ?? 'bao-cao')}`), blob: s.fileSha256, name: s.fileName ?? 'bao-cao', size: s.fileSize ?? 0 } : null,
    };
  });

  // Every file must be there before the download starts: a missing one is a 500 and a log line now,
  // not an archive cut short (web/uploads/send-file.ts answers a missing file the same way).
  const blobs = new Map<string, number>();
  for (const it of items) if (it.file) blobs.set(it.file.blob, it.file.size);
  for (const [sha256] of blobs) {
    const at = blobPath(uploadsDir, sha256);
    if (!at) throw new Error(`a submission names a file that is not a SHA-256: ${sha256}`);
    await fs.access(at).catch((err: unknown) => {
      throw new Error(`a submission's file is missing from the uploads dir: ${sha256}`, { cause: err });
    });
  }

  const taskFiles = await planTaskFiles(prisma, uploadsDir, cycle.id, paths);
  const textBytes = await commentBytes(prisma, cycle.id);
  let bytes = entryBound(INDEX_NAME, indexBound(items));
  for (const it of items) {
    bytes += entryBound(it.textPath, TEXT_HEADER_BOUND + JSON.stringify(it.figures).length * 3 + (textBytes.get(it.submissionId) ?? 0));
    if (it.file) bytes += entryBound(it.file.path, it.file.size);
  }
  for (const f of taskFiles) bytes += entryBound(f.path, f.size);
  const entries = 1 + items.length + items.filter((i) => i.file).length + taskFiles.length;
  return { items, defs: head ? readCycleFigures(head.figures, cycle.id) : [], taskFiles, entries, bytes };
}

/** The archive's entries, in order; texts are read from the database a page at a time as the stream asks. */
export async function* archiveEntries(prisma: PrismaClient, uploadsDir: string, plan: ArchivePlan, now: Date): AsyncGenerator<ZipEntry> {
  yield { path: INDEX_NAME, mtime: now, data: indexCsv(plan), deflate: true };
  for (let start = 0; start < plan.items.length; start += TEXT_PAGE) {
    const page = plan.items.slice(start, start + TEXT_PAGE);
    const found = await prisma.submission.findMany({ where: { id: { in: page.map((i) => i.submissionId) } }, select: { id: true, comment: true } });
    const comments = new Map(found.map((c) => [c.id, c.comment]));
    for (const it of page) {
      yield { path: it.textPath, mtime: it.receivedAt, data: strToU8(submissionText(it, plan.defs, comments.get(it.submissionId) ?? null)), deflate: true };
      const file = it.file;
      // Stored, not deflated: PDF, DOCX, XLSX and ODF are compressed already.
      if (file) yield { path: file.path, mtime: it.receivedAt, data: () => createReadStream(blobPath(uploadsDir, file.blob)!), deflate: false };
    }
  }
  yield* taskFileEntries(uploadsDir, plan.taskFiles);
}

function submissionText(it: Item, defs: PlanFigure[], comment: string | null): string {
  const figures = defs.filter((f) => it.figures[f.key] !== undefined);
  const header = [
    `Đơn vị / Unit: ${it.unitName} (${it.unitCode})`,
    `Phiên bản / Version: ${it.version}`,
    `Thời điểm nhận / Received: ${formatDayTime(it.receivedAt)} (giờ Việt Nam / Vietnam time)`,
    `Tình trạng / Status: ${it.onTime ? 'Đúng hạn / On time' : 'Muộn / Late'}`,
    `Loại / Kind: ${KIND_LABEL[it.kind] ?? it.kind}`,
    `Kênh / Channel: ${it.channel === 'paper' ? 'Bản giấy / Paper' : 'Cổng thông tin / Web'}`,
    `Mã biên nhận / Receipt: ${it.submissionId}`,
    `SHA-256: ${it.checksum}`,
    ...(it.file ? [`Tệp báo cáo / Report file: ${it.file.name} (${formatSize(it.file.size)}), ${it.file.path}`] : []),
    ...(figures.length > 0 ? ['Số liệu / Figures:', ...figures.map((f) => `  ${f.name}: ${formatFigureValue(f, it.figures[f.key])}`)] : []),
  ];
  return `${header.join('\r\n')}\r\n${'-'.repeat(60)}\r\n${comment ?? ''}\r\n`;
}

const INDEX_HEADER = ['Mã đơn vị', 'Tên đơn vị', 'Phiên bản', 'Thời điểm nhận', 'Loại', 'Tình trạng', 'Kênh', 'Mã biên nhận', 'SHA-256', 'Tệp báo cáo', 'Tên tệp gốc', 'Kích thước (byte)', 'Tệp nội dung'];

function indexCsv(plan: ArchivePlan): Uint8Array {
  const rows = plan.items.map((it) => [
    it.unitCode,
    it.unitName,
    it.version,
    formatDayTime(it.receivedAt),
    KIND_LABEL[it.kind] ?? it.kind,
    it.onTime ? 'Đúng hạn' : 'Muộn',
    it.channel,
    it.submissionId,
    it.checksum,
    it.file?.path ?? null,
    it.file?.name ?? null,
    it.file?.size ?? null,
    it.textPath,
    ...plan.defs.map((f) => it.figures[f.key] ?? null),
  ]);
  return strToU8(toCsv([...INDEX_HEADER, ...figureColumns(plan.defs).map((c) => c.header)], rows));
}

/** A generous bound of the index's bytes: each row's fields, quoted and guarded, in UTF-8. */
function indexBound(items: Item[]): number {
  let n = 4096;
  for (const it of items) n += 3 * (400 + it.unitName.length + it.textPath.length + (it.file ? it.file.path.length + it.file.name.length : 0) + JSON.stringify(it.figures).length);
  return n;
}

/** Each submission's text size in UTF-8, read a page at a time (the texts themselves are not kept). */
async function commentBytes(prisma: PrismaClient, cycleId: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await prisma.submission.findMany({
      where: { obligation: { is: { cycleId } }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, comment: true },
      orderBy: { id: 'asc' },
      take: 500,
    });
    for (const s of page) sizes.set(s.id, Buffer.byteLength(s.comment ?? ''));
    if (page.length < 500) return sizes;
    after = page[page.length - 1]!.id;
  }
}
