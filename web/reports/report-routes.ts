// The office's compiled report on a cycle (issue 14 §3): a page where the office writes its sections
// (saved as versions, db/report-drafts.ts) beside the downloads: the report as DOCX and as an A4 print
// page, the chasing dispatch to the overdue units and the memo to the standing committee as DOCX. Every
// download is drafted afresh from the latest saved sections (or the version asked for) and the figures
// as they are now. Plan-scoped like every cycle page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { indicatorRows } from '../../db/indicator-rows.ts';
import { taskRows } from '../../db/task-rows.ts';
import { draftVersion, draftVersions, EMPTY_SECTIONS, OfficeSectionsSchema, saveDraft } from '../../db/report-drafts.ts';
import { formatDateTime, localDateAt } from '../../domain/calendar.ts';
import { DayInput } from '../../domain/day-input.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { chasingDispatchDocx, memoDocx } from '../../reports/dispatch.ts';
import { provinceReportDocx } from '../../reports/province-report.ts';
import { OFFICE_EDITORS, OFFICE_READERS, pageUser } from '../auth/access.ts';
import { csrfField } from '../auth/csrf.ts';
import { PLAN_IN_ADDRESS } from '../auth/plan-scope.ts';
import { actorName, auditOffice } from '../audit.ts';
import { CYCLE_ADDRESS, noSuchCycle } from '../cycle-address.ts';
import { findCycle, type CycleHead } from '../cycle-table.ts';
import type { WebDeps } from '../deps.ts';
import { sendDownload } from '../exports/disposition.ts';
import { bi, html, page } from '../html.ts';
import { onInvalidInput } from '../invalid-input.ts';
import { chasingInput, memoInput, provinceReport, type ReportRows } from './report-data.ts';
import { reportPrintPage } from './print-page.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BASE = '/reports/:planId/:cycleKey';

const Query = z.object({
  /** The version to draft from; the latest when absent. */
  version: z.coerce.number().int().positive().max(1_000_000).optional(),
  /** The dispatch's new last day (dd/mm/yyyy); five working days from today when absent. */
  han: DayInput.optional(),
});

/** The form posts every field (and its _csrf); a blank one is kept blank (the office may clear a section). */
const Body = z.object(OfficeSectionsSchema.shape);

export interface ReportRoutesOptions {
  /** The indicator and task rows of a cycle (issue 14 §1, §2); by default read from the database. */
  rows?: (cycle: CycleHead) => Promise<ReportRows>;
}

const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

export async function reportDraftRoutes(scope: FastifyInstance, deps: WebDeps, opts: ReportRoutesOptions = {}) {
  const { prisma } = deps;
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const rowsOf = opts.rows ?? (async (cycle: CycleHead): Promise<ReportRows> => ({ indicators: await indicatorRows(prisma, cycle.id), tasks: await taskRows(prisma, cycle.id) }));
  const route = (access: typeof OFFICE_READERS | typeof OFFICE_EDITORS) => ({ config: { access, planScope: PLAN_IN_ADDRESS } });
  const withQuery = { schema: { params: CYCLE_ADDRESS.schema.params, querystring: Query }, ...onInvalidInput((_req, reply) => noSuchCycle(reply)) };

  /** The sections to draft from: the version asked for (404 when it does not exist), else the latest, else empty. */
  async function sectionsOf(cycle: CycleHead, version: number | undefined, reply: FastifyReply) {
    const d = await draftVersion(prisma, cycle.id, version);
    if (version !== undefined && !d) return void noSuchCycle(reply);
    return d?.sections ?? EMPTY_SECTIONS;
  }
  const fileName = (cycle: CycleHead, ascii: string, vi: string) => ({ ascii: `${ascii}-${cycle.key}`, utf8: `${vi} - ${cycle.title} (${cycle.key})`, ext: 'docx' });

  app.get(BASE, { ...route(OFFICE_READERS), ...withQuery }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const versions = await draftVersions(prisma, cycle.id);
    const shown = req.query.version === undefined ? versions[0] : versions.find((v) => v.version === req.query.version);
    if (req.query.version !== undefined && !shown) return noSuchCycle(reply);
    const s = shown?.sections ?? EMPTY_SECTIONS;
    const base = `/reports/${cycle.plan.id}/${cycle.key}`;
    const q = shown ? `?version=${shown.version}` : '';
    const canEdit = req.user?.role !== 'committee';
    const field = (name: keyof typeof s, vi: string, en: string, rows?: number) =>
      rows
        ? html`<label>${bi(vi, en)}<br><textarea name="${name}" rows="${rows}" cols="80" maxlength="50000"${canEdit ? '' : ' readonly'}>${s[name]}</textarea></label><br>`
        : html`<label>${bi(vi, en)}<br><input name="${name}" value="${s[name]}" size="60" maxlength="200"${canEdit ? '' : ' readonly'}></label><br>`;
    return reply.type('text/html').send(
      page(
        `Báo cáo tổng hợp · ${cycle.title}`,
        html`<p><a href="/cycles/${cycle.plan.id}/${cycle.key}">« ${cycle.title}</a></p>
<h1>${bi('Dự thảo báo cáo tổng hợp của tỉnh', "Draft of the province's report")}</h1>
<p>${cycle.plan.title} · ${cycle.title}</p>
<p id="downloads"><a href="${base}/report.docx${q}">${bi('Tải báo cáo (DOCX)', 'Download the report (DOCX)')}</a> · <a href="${base}/print${q}">${bi('Bản in A4', 'A4 print page')}</a> · <a href="${base}/dispatch.docx${q}">${bi('Công văn đôn đốc (DOCX)', 'Chasing dispatch (DOCX)')}</a> · <a href="${base}/memo.docx${q}">${bi('Báo cáo Ban Chỉ đạo (DOCX)', 'Memo to the committee (DOCX)')}</a></p>
<p>${bi('Số liệu, nhiệm vụ và danh sách đơn vị được lấy lại mỗi lần tải; các phần dưới đây do cơ quan thường trực viết và được giữ theo từng phiên bản.', 'Figures, tasks and units are read afresh at every download; the sections below are written by the office and kept as versions.')}</p>
<form method="post" action="${base}" class="card" id="sections">${canEdit ? csrfField(req) : ''}
${shown ? html`<p>${bi(`Phiên bản ${shown.version}, lưu lúc ${formatDateTime(shown.savedAt)} bởi ${shown.savedBy}`, `Version ${shown.version}, saved ${formatDateTime(shown.savedAt)} by ${shown.savedBy}`)}</p>` : html`<p>${bi('Chưa có phiên bản nào được lưu.', 'No version saved yet.')}</p>`}
${field('number', 'Số, ký hiệu văn bản', 'Number')}
${field('intro', 'I. Tình hình chung (phần mở đầu)', 'I. General situation (opening)', 8)}
${field('proposals', 'VI. Đề xuất, kiến nghị', 'VI. Proposals', 8)}
${field('signerTitle', 'Chức vụ người ký', "Signer's title")}
${field('signerName', 'Họ tên người ký', "Signer's name")}
${canEdit ? html`<button type="submit">${bi('Lưu thành phiên bản mới', 'Save as a new version')}</button>` : ''}
</form>
<h2>${bi('Các phiên bản', 'Versions')}</h2>
<ul id="versions">${versions.map((v) => html`<li data-version="${v.version}"><a href="${base}?version=${v.version}">${bi(`Phiên bản ${v.version}`, `Version ${v.version}`)}</a> · ${formatDateTime(v.savedAt)} · ${v.savedBy}</li>`)}</ul>`,
        { user: pageUser(req) },
      ),
    );
  });

  app.post(BASE, { ...route(OFFICE_EDITORS), schema: { params: CYCLE_ADDRESS.schema.params, body: Body }, ...onInvalidInput(async (req, reply, part) => {
    if (part === 'params') return noSuchCycle(reply);
    return reply.code(400).type('text/html').send(page('Không lưu được', html`<div class="error" role="alert">${bi('Nội dung không hợp lệ (mỗi phần tối đa 50.000 ký tự; số và người ký tối đa 200).', 'Invalid input (each section at most 50,000 characters; number and signer at most 200).')}</div><p><a href="${req.url}">« ${bi('Quay lại', 'Back')}</a></p>`, { user: pageUser(req) }));
  }) }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const { number, intro, proposals, signerTitle, signerName } = req.body;
    const version = await saveDraft(prisma, cycle.id, { number, intro, proposals, signerTitle, signerName }, actorName(req), deps.clock());
    await auditOffice(prisma, req, 'report_draft_save', cycle.id, { version });
    return reply.redirect(`/reports/${cycle.plan.id}/${cycle.key}?version=${version}`, 303);
  });

  app.get(`${BASE}/report.docx`, { ...route(OFFICE_READERS), ...withQuery }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const sections = await sectionsOf(cycle, req.query.version, reply);
    if (!sections) return reply;
    const data = await provinceReport(prisma, deps.uploadsDir, cycle, deps.clock(), sections, baseUrl(req), await rowsOf(cycle));
    return sendDownload(reply, DOCX_TYPE, fileName(cycle, 'bao-cao', 'Báo cáo'), await provinceReportDocx(data));
  });

  app.get(`${BASE}/print`, { ...route(OFFICE_READERS), ...withQuery }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const sections = await sectionsOf(cycle, req.query.version, reply);
    if (!sections) return reply;
    const data = await provinceReport(prisma, deps.uploadsDir, cycle, deps.clock(), sections, baseUrl(req), await rowsOf(cycle));
    const base = `/reports/${cycle.plan.id}/${cycle.key}`;
    const nav = html`<a href="/">dondoc</a><a href="${base}">${bi('Dự thảo', 'Draft')}</a><a href="${base}/report.docx">DOCX</a> · In trên khổ A4 (Ctrl+P) <span class="en">Print on A4</span>`;
    return reply.type('text/html').send(reportPrintPage(data, nav));
  });

  const newLastDay = (han: string | undefined) => han ?? addWorkingDays(localDateAt(deps.clock()), 5);
  app.get(`${BASE}/dispatch.docx`, { ...route(OFFICE_READERS), ...withQuery }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const sections = await sectionsOf(cycle, req.query.version, reply);
    if (!sections) return reply;
    const bytes = await chasingDispatchDocx(await chasingInput(prisma, cycle, deps.clock(), newLastDay(req.query.han), sections));
    return sendDownload(reply, DOCX_TYPE, fileName(cycle, 'cong-van-don-doc', 'Công văn đôn đốc'), bytes);
  });

  app.get(`${BASE}/memo.docx`, { ...route(OFFICE_READERS), ...withQuery }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const sections = await sectionsOf(cycle, req.query.version, reply);
    if (!sections) return reply;
    const bytes = await memoDocx(await memoInput(prisma, cycle, deps.clock(), newLastDay(req.query.han), sections));
    return sendDownload(reply, DOCX_TYPE, fileName(cycle, 'bao-cao-ban-chi-dao', 'Báo cáo Ban Chỉ đạo'), bytes);
  });
}
