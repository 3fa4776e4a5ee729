// Every submission of a cycle in one ZIP: a folder per unit, each submission's text with a short header,
// and danh-sach.csv listing them all. Built in memory under a size cap (web/exports/zip-builder.ts).
import type { FastifyInstance } from 'fastify';
import { strToU8 } from 'fflate';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../../domain/calendar.ts';
import type { WebDeps } from '../deps.ts';
import { toCsv } from './csv.ts';
import { formatDayTime } from './cycle-sheet.ts';
import { sendDownload } from './disposition.ts';
import { ZipBuilder, ZipTooLargeError } from './zip-builder.ts';
import { bi, html, page } from '../html.ts';
import { getCycleResource } from '../cycle-address.ts';
import { OFFICE_READERS } from '../auth/access.ts';

export const DEFAULT_ZIP_MAX_BYTES = 500 * 1024 * 1024;

const KIND_LABEL: Record<string, string> = { report: 'Báo cáo', nothing: 'Không có nội dung báo cáo' };

function submissionText(s: { unitName: string; unitCode: string; receivedAt: Date; onTime: boolean; kind: string; channel: string; checksum: string; id: string; comment: string | null }): string {
  const header = [
    `Đơn vị / Unit: ${s.unitName} (${s.unitCode})`,
    `Thời điểm nhận / Received: ${formatDayTime(s.receivedAt)} (giờ Việt Nam / Vietnam time)`,
    `Tình trạng / Status: ${s.onTime ? 'Đúng hạn / On time' : 'Muộn / Late'}`,
    `Loại / Kind: ${KIND_LABEL[s.kind] ?? s.kind}`,
    `Kênh / Channel: ${s.channel === 'paper' ? 'Bản giấy / Paper' : 'Cổng thông tin / Web'}`,
    `Mã biên nhận / Receipt: ${s.id}`,
    `SHA-256: ${s.checksum}`,
  ];
  return `${header.join('\r\n')}\r\n${'-'.repeat(60)}\r\n${s.comment ?? ''}\r\n`;
}

export async function submissionsZipRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;
  const maxBytes = deps.exports?.zipMaxBytes ?? DEFAULT_ZIP_MAX_BYTES;

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/submissions.zip', OFFICE_READERS, async (cycle, reply) => {
    const [obligations, units, submissions] = await Promise.all([
      prisma.obligation.findMany({ where: { cycleId: cycle.id }, select: { id: true, unitId: true } }),
      prisma.unit.findMany({ where: { planId: cycle.plan.id }, select: { id: true, code: true, name: true } }),
      prisma.submission.findMany({
        where: { obligation: { is: { cycleId: cycle.id } } },
        select: { id: true, obligationId: true, receivedAt: true, kind: true, comment: true, onTime: true, checksum: true, channel: true },
        orderBy: [{ obligationId: 'asc' }, { receivedAt: 'asc' }],
      }),
    ]);
    const unitById = new Map(units.map((u) => [u.id, u]));
    const unitOf = new Map(obligations.map((o) => [o.id, unitById.get(o.unitId)]));
    const zip = new ZipBuilder(maxBytes);
    const index: (string | number)[][] = [];
    try {
      for (const s of submissions) {
        const unit = unitOf.get(s.obligationId) ?? { code: 'khong-ro', name: '' };
        const stamp = DateTime.fromJSDate(s.receivedAt, { zone: VN_ZONE }).toFormat('yyyy-MM-dd_HHmm');
        const file = zip.add(`${unit.code}/${stamp}_${s.kind}.txt`, strToU8(submissionText({ ...s, unitName: unit.name, unitCode: unit.code })));
        index.push([unit.code, unit.name, file, formatDayTime(s.receivedAt), KIND_LABEL[s.kind] ?? s.kind, s.onTime ? 'Đúng hạn' : 'Muộn', s.channel, s.id, s.checksum]);
      }
      zip.add('danh-sach.csv', strToU8(toCsv(['Mã đơn vị', 'Tên đơn vị', 'Tệp', 'Thời điểm nhận', 'Loại', 'Tình trạng', 'Kênh', 'Mã biên nhận', 'SHA-256'], index)));
    } catch (err) {
      if (!(err instanceof ZipTooLargeError)) throw err;
      const mb = Math.round(maxBytes / (1024 * 1024));
      return reply.code(413).type('text/html').send(
        page('Tệp quá lớn', html`<div class="error" role="alert"><h1>${bi('Tệp nén quá lớn', 'The archive is too large')}</h1>
<p>${bi(`Các báo cáo của kỳ này vượt quá giới hạn ${mb} MB của một lần tải. Vui lòng tải bảng tổng hợp (CSV/XLSX), hoặc nhờ quản trị viên tăng DONDOC_EXPORT_ZIP_MAX_MB.`, `This cycle's submissions exceed the ${mb} MB download limit. Download the table (CSV/XLSX) instead, or ask the administrator to raise DONDOC_EXPORT_ZIP_MAX_MB.`)}</p></div>`),
      );
    }
    const bytes = zip.build();
    const name = { ascii: `bao-cao-${cycle.key}-ho-so`, utf8: `${cycle.title} (${cycle.key}) - hồ sơ`, ext: 'zip' };
    return sendDownload(reply, 'application/zip', name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
