// The draft of the province's report on one cycle (issue 14 §3), as a DOCX in the Decree 30 layout of
// reports/docx-layout.ts: I. general situation (the office's opening and the reporting rates with
// numerator and denominator), II. results by objective and indicator against the plan's targets,
// III. the tasks due in the period, IV. what each unit reported (its text, its files, the text read from
// a DOCX or text PDF, or the office's edit of these: reports/unit-texts.ts) grouped by the objectives it
// leads (groupUnits below), V. units that did not report or reported late, VI. the office's proposals.
// Pure: everything it prints comes in as ProvinceReport; the route gathers it (web/reports/report-data.ts).
import type { Paragraph } from 'docx';
import type { LocalDate } from '../domain/calendar.ts';
import { formatDate } from '../domain/calendar.ts';
import type { IndicatorRow, TaskRow } from '../domain/report-rows.ts';
import { documentBytes, grid, heading, link, para, run, textBlock, type AdministrativeDocument, type DocumentFoot, type DocumentHead } from './docx-layout.ts';
import { indicatorCells, INDICATOR_HEADER, INDICATOR_WIDTHS, objectiveLine, rateSentence, taskCells, TASK_HEADER, TASK_WIDTHS, type Rate } from './report-text.ts';

export interface UnitFile {
  name: string;
  /** Absolute address of the office's download of the file. */
  url: string;
  /** Text read from the file (DOCX, text PDF), offered for the office to edit; absent when none could be read. */
  text?: string;
}

export interface UnitReport {
  unitCode: string;
  unitName: string;
  /** The submission the unit's text and files come from: its latest. */
  submissionId: string;
  receivedAt: Date;
  onTime: boolean;
  /** "nothing": the unit confirmed it had nothing to report. */
  kind: 'report' | 'nothing';
  comment: string;
  files: UnitFile[];
  /** The numbers of the objectives the unit leads: an objective's lead, or the lead of one of its indicators. */
  objectives: number[];
  /** The office's text in place of the unit's comment and its files' texts (reports/unit-texts.ts); stale when the unit has sent a newer version since. */
  edited?: { text: string; stale: boolean };
}

/** A unit's text in section IV as the office edited it, kept with the draft, with the submission it was edited from. */
export interface EditedText {
  text: string;
  submissionId: string;
}

export interface ObjectiveHead {
  number: number;
  text: string;
}

export interface MissingUnit {
  unitName: string;
  lastDay: LocalDate;
  daysOverdue: number;
  /** "Chưa nộp", "Quá hạn", ... */
  status: string;
}

export interface LateUnit {
  unitName: string;
  lastDay: LocalDate;
  receivedAt: Date;
}

/** What the office writes; kept with the draft (db/report-drafts.ts), never recomputed. */
export interface OfficeSections {
  number: string;
  intro: string;
  proposals: string;
  signerTitle: string;
  signerName: string;
  /** Section IV's texts the office edited, by unit code; absent in drafts saved before they were editable. */
  unitTexts?: Record<string, EditedText>;
}

export interface ProvinceReport {
  head: Omit<DocumentHead, 'number'>;
  planTitle: string;
  cycleTitle: string;
  rates: { expected: number; exempted: number; reporting: Rate; onTime: Rate };
  indicators: IndicatorRow[];
  tasks: TaskRow[];
  /** The plan's objectives, as stored (db/plan-indicators.ts): section IV groups the units' texts by them. */
  objectives: ObjectiveHead[];
  units: UnitReport[];
  missing: MissingUnit[];
  late: LateUnit[];
  sections: OfficeSections;
  recipients: string[];
}

export const REPORT_TITLE = 'BÁO CÁO';
export const SECTION_TITLES = [
  'I. TÌNH HÌNH CHUNG',
  'II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU',
  'III. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ',
  'IV. NỘI DUNG BÁO CÁO CỦA CÁC ĐƠN VỊ',
  'V. ĐƠN VỊ CHƯA BÁO CÁO HOẶC BÁO CÁO MUỘN',
  'VI. ĐỀ XUẤT, KIẾN NGHỊ',
] as const;

function indicatorSection(rows: IndicatorRow[]) {
  if (rows.length === 0) return [para('Kế hoạch không có chỉ tiêu được theo dõi trong kỳ này.', { indent: true, italics: true })];
  const body: (string | Paragraph[])[][] = [];
  let objective: number | undefined;
  let n = 0;
  for (const r of [...rows].sort((a, b) => a.objective - b.objective || a.number - b.number)) {
    if (r.objective !== objective) body.push([objectiveLine((objective = r.objective))]);
    body.push(indicatorCells(r, ++n));
  }
  return [grid(INDICATOR_HEADER, body, INDICATOR_WIDTHS), para('Ghi chú: (ước) là số liệu ước thực hiện, chưa có số liệu chính thức.', { italics: true, size: 24, after: 120 })];
}

function taskSection(rows: TaskRow[]) {
  if (rows.length === 0) return [para('Không có nhiệm vụ đến hạn trong kỳ báo cáo.', { indent: true, italics: true })];
  return [grid(TASK_HEADER, rows.map((t, i) => taskCells(t, i + 1)), TASK_WIDTHS)];
}

export interface UnitEntry {
  unit: UnitReport;
  /** The entry's number in section IV, counted through the whole section. */
  label: string;
  /** Where this unit's text already stands, "1 (Mục tiêu 1)": a unit leading several objectives. */
  seeAlso?: string;
}

export interface UnitGroup {
  /** "Mục tiêu 1: …", "Các đơn vị khác"; absent when no reporting unit leads an objective (one flat list). */
  title?: string;
  entries: UnitEntry[];
}

export const OTHER_UNITS = 'Các đơn vị khác';
export const NOTHING_TO_REPORT = 'Đơn vị xác nhận không có nội dung báo cáo trong kỳ.';
export const seeAlsoText = (where: string) => `Nội dung báo cáo của đơn vị: xem số ${where} ở trên.`;
export const sentText = (u: UnitReport) => `(gửi ngày ${formatDate(u.receivedAt)}${u.onTime ? '' : ', muộn hạn'})`;

/**
 * Section IV's order, for the DOCX and the print page alike: under each objective (in the plan's order)
 * the units that lead it, then the units that lead none. Objectives no reporting unit leads are left
 * out (section V names who did not report). The headings carry the objective's own number, so the
 * entries are numbered through the section; a unit leading several objectives gives its text once,
 * under the first, and points there from the others, so the office edits it in one place.
 */
export function groupUnits(units: UnitReport[], objectives: ObjectiveHead[]): UnitGroup[] {
  const known = new Set(objectives.map((o) => o.number));
  const leads = (u: UnitReport) => u.objectives.some((n) => known.has(n));
  if (!units.some(leads)) return [{ entries: units.map((unit, i) => ({ unit, label: String(i + 1) })) }];
  const first = new Map<UnitReport, string>();
  const groups: UnitGroup[] = [];
  let n = 0;
  const add = (title: string, short: string, members: UnitReport[]) => {
    groups.push({
      title,
      entries: members.map((unit) => {
        const label = String(++n);
        const seeAlso = first.get(unit);
        if (!seeAlso) first.set(unit, `${label} (${short})`);
        return { unit, label, ...(seeAlso ? { seeAlso } : {}) };
      }),
    });
  };
  for (const o of [...objectives].sort((a, b) => a.number - b.number)) {
    const members = units.filter((u) => u.objectives.includes(o.number));
    const short = objectiveLine(o.number);
    if (members.length) add(o.text.trim() ? `${short}: ${o.text.trim()}` : short, short, members);
  }
  const others = units.filter((u) => !leads(u));
  if (others.length) add(OTHER_UNITS, OTHER_UNITS, others);
  return groups;
}

function unitText(u: UnitReport) {
  const fileLink = (f: UnitFile) => para([run('Tệp báo cáo: '), link(f.name, f.url)], { indent: true });
  // The office's edit stands in for the comment and the files' texts; the files stay linked.
  if (u.edited) return [...textBlock(u.edited.text), ...u.files.map(fileLink)];
  return [
    ...textBlock(u.comment),
    ...u.files.flatMap((f) => [
      fileLink(f),
      ...(f.text ? [para([run(`Nội dung trích từ tệp ${f.name}:`, { italics: true })], { indent: true }), ...textBlock(f.text, { italics: true })] : []),
    ]),
  ];
}

function unitEntry({ unit: u, label, seeAlso }: UnitEntry) {
  return [
    para([run(`${label}. ${u.unitName}`, { bold: true }), run(` ${sentText(u)}`, { italics: true })], { align: 'left' }),
    ...(seeAlso
      ? [para(seeAlsoText(seeAlso), { indent: true, italics: true })]
      : [...(u.kind === 'nothing' ? [para(NOTHING_TO_REPORT, { indent: true, italics: true })] : []), ...unitText(u)]),
  ];
}

function unitSection(units: UnitReport[], objectives: ObjectiveHead[]) {
  if (units.length === 0) return [para('Chưa có đơn vị nào gửi báo cáo.', { indent: true, italics: true })];
  return groupUnits(units, objectives).flatMap((g) => [...(g.title ? [para([run(g.title, { bold: true })], { align: 'left' })] : []), ...g.entries.flatMap(unitEntry)]);
}

function missingSection(missing: MissingUnit[], late: LateUnit[]) {
  const out = [];
  out.push(para([run(`1. Đơn vị chưa gửi báo cáo: ${missing.length} đơn vị`, { bold: true })], { align: 'left' }));
  if (missing.length)
    out.push(grid(['STT', 'Đơn vị', 'Hạn nộp', 'Số ngày quá hạn', 'Tình trạng'], missing.map((m, i) => [String(i + 1), m.unitName, formatDate(m.lastDay), String(m.daysOverdue), m.status]), [8, 42, 17, 15, 18]));
  out.push(para([run(`2. Đơn vị gửi báo cáo muộn: ${late.length} đơn vị`, { bold: true })], { align: 'left' }));
  if (late.length) out.push(grid(['STT', 'Đơn vị', 'Hạn nộp', 'Ngày gửi'], late.map((l, i) => [String(i + 1), l.unitName, formatDate(l.lastDay), formatDate(l.receivedAt)]), [8, 52, 20, 20]));
  return out;
}

export function provinceReportDocument(r: ProvinceReport): AdministrativeDocument {
  const s = r.sections;
  const body = [
    heading(SECTION_TITLES[0]),
    ...textBlock(s.intro),
    ...rateSentence(r.rates).map((l) => para(l, { indent: true })),
    heading(SECTION_TITLES[1]),
    ...indicatorSection(r.indicators),
    heading(SECTION_TITLES[2]),
    ...taskSection(r.tasks),
    heading(SECTION_TITLES[3]),
    ...unitSection(r.units, r.objectives),
    heading(SECTION_TITLES[4]),
    ...missingSection(r.missing, r.late),
    heading(SECTION_TITLES[5]),
    ...(s.proposals.trim() ? textBlock(s.proposals) : [para('(Cơ quan thường trực bổ sung đề xuất, kiến nghị.)', { indent: true, italics: true })]),
  ];
  const foot: DocumentFoot = { recipients: r.recipients, signerTitle: s.signerTitle, signerName: s.signerName || undefined };
  return {
    head: { ...r.head, number: s.number },
    title: REPORT_TITLE,
    subtitle: `Kết quả thực hiện ${r.planTitle} — ${r.cycleTitle}`,
    body,
    foot,
  };
}

export function provinceReportDocx(r: ProvinceReport): Promise<Buffer> {
  return documentBytes(provinceReportDocument(r));
}

