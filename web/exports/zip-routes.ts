// Every submission of a cycle in one ZIP, streamed as it is written (web/exports/zip-stream.ts): what
// it holds is planned from the database first (web/exports/submissions-archive.ts), then each text and
// file is read only when the download has taken the previous one, so memory does not grow with the
// cycle. The archive must fit the classic ZIP format (4 GB, 65,535 entries); beyond it the office gets a
// clear page before anything is sent.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebDeps } from '../deps.ts';
import { sendDownload } from './disposition.ts';
import { archiveEntries, planArchive } from './submissions-archive.ts';
import { fitsZip32, zipStream } from './zip-stream.ts';
import { bi, html, page } from '../html.ts';
import { getCycleResource } from '../cycle-address.ts';
import { OFFICE_READERS } from '../auth/access.ts';

export function archiveTooLarge(reply: FastifyReply) {
  return reply.code(413).type('text/html').send(
    page('Tệp quá lớn', html`<div class="error" role="alert"><h1>${bi('Tệp nén quá lớn', 'The archive is too large')}</h1>
<p>${bi('Các báo cáo của kỳ này vượt quá giới hạn của một tệp ZIP (4 GB hoặc 65.535 tệp). Vui lòng tải bảng tổng hợp (CSV/XLSX), và tải từng tệp từ trang của đơn vị.', 'This cycle\'s submissions exceed what one ZIP file can hold (4 GB or 65,535 files). Download the table (CSV/XLSX) instead, and each file from its unit\'s page.')}</p></div>`),
  );
}

export async function submissionsZipRoutes(app: FastifyInstance, deps: WebDeps) {
  const { prisma } = deps;

  getCycleResource(app, prisma, '/cycles/:planId/:cycleKey/submissions.zip', OFFICE_READERS, async (cycle, reply) => {
    const plan = await planArchive(prisma, deps.uploadsDir, cycle);
    if (!fitsZip32(plan.entries, plan.bytes)) return archiveTooLarge(reply);
    const bytes = Readable.from(zipStream(archiveEntries(prisma, deps.uploadsDir, plan, deps.clock())), { objectMode: false });
    const name = { ascii: `bao-cao-${cycle.key}-ho-so`, utf8: `${cycle.title} (${cycle.key}) - hồ sơ`, ext: 'zip' };
    return sendDownload(reply, 'application/zip', name, bytes);
  });
}
