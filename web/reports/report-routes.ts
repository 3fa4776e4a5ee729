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
import { draftVersion, draftVersions, EMPTY_SECTIONS, OfficeSectionsSchema, saveDraft, SECTION_MAX_CHARS } from '../../db/report-drafts.ts';
import { localDateAt } from '../../domain/calendar.ts';
import { DayInput } from '../../domain/day-input.ts';
import { addWorkingDays } from '../../domain/working-days.ts';
import { chasingDispatchDocx, memoDocx } from '../../reports/dispatch.ts';
import { provinceReportDocx } from '../../reports/province-report.ts';
import { editedTexts } from '../../reports/unit-texts.ts';
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
import { chasingInput, memoInput, provinceReport, reportingUnits, type ReportRows } from './report-data.ts';
import { reportPageBody } from './report-page.ts';
import { reportPrintPage } from './print-page.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const BASE = '/reports/:planId/:cycleKey';

const Query = z.object({
  /** The version to draft from; the latest when absent. */
  version: z.coerce.number().int().positive().max(1_000_000).optional(),
  /** The dispatch's new last day (dd/mm/yyyy); five working days from today when absent. */
  han: DayInput.optional(),
});

/**
 * The form posts every field (and its _csrf); a blank one is kept blank (the office may clear a section).
 * Section IV's fields ("iv:UNIT") come beside them, each one text at most as long as a section.
 */
const Body = z.object(OfficeSectionsSchema.omit({ unitTexts: true }).shape).catchall(z.string().max(SECTION_MAX_CHARS));

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
    const { units, objectives } = await reportingUnits(prisma, deps.uploadsDir, cycle, deps.clock(), baseUrl(req));
    const body = reportPageBody({
      base: `/reports/${cycle.plan.id}/${cycle.key}`,
      cycleLink: `/cycles/${cycle.plan.id}/${cycle.key}`,
      planTitle: cycle.plan.title,
      cycleTitle: cycle.title,
      versions,
      shown,
      sections: shown?.sections ?? EMPTY_SECTIONS,
      units,
      objectives,
      indicators: (await rowsOf(cycle)).indicators,
      canEdit: req.user?.role !== 'committee',
      csrf: csrfField(req),
    });
    return reply.type('text/html').send(page(`Báo cáo tổng hợp · ${cycle.title}`, body, { user: pageUser(req) }));
  });

  app.post(BASE, { ...route(OFFICE_EDITORS), schema: { params: CYCLE_ADDRESS.schema.params, body: Body }, ...onInvalidInput(async (req, reply, part) => {
    if (part === 'params') return noSuchCycle(reply);
    return reply.code(400).type('text/html').send(page('Không lưu được', html`<div class="error" role="alert">${bi('Nội dung không hợp lệ (mỗi phần tối đa 50.000 ký tự; số và người ký tối đa 200).', 'Invalid input (each section at most 50,000 characters; number and signer at most 200).')}</div><p><a href="${req.url}">« ${bi('Quay lại', 'Back')}</a></p>`, { user: pageUser(req) }));
  }) }, async (req, reply) => {
    const cycle = await findCycle(prisma, req.params);
    if (!cycle) return noSuchCycle(reply);
    const { number, intro, proposals, signerTitle, signerName } = req.body;
    // Section IV's fields against the units' texts as they are now: only a changed text is kept.
    const { units } = await reportingUnits(prisma, deps.uploadsDir, cycle, deps.clock(), baseUrl(req));
    const unitTexts = editedTexts(req.body, units);
    const sections = { number, intro, proposals, signerTitle, signerName, ...(Object.keys(unitTexts).length ? { unitTexts } : {}) };
    const version = await saveDraft(prisma, cycle.id, sections, actorName(req), deps.clock());
    await auditOffice(prisma, req, 'report_draft_save', cycle.id, { version, editedUnits: Object.keys(unitTexts) });
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
