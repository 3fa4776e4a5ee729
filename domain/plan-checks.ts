// Cross-checks of a plan file that one field alone cannot make: unknown and duplicate codes, dates in
// the wrong order, task due periods that cannot be read. Each error names its path in the file.
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { parseDuePeriod } from './due-period.ts';
import { owingUnits } from './owing-units.ts';
import { isAsked, isLocality } from './indicator-asked.ts';
import { UNIT_KINDS, type PlanObjectSchema } from './plan-object.ts';

type PlanShape = z.output<typeof PlanObjectSchema>;
type Path = (string | number)[];

/**
 * zod runs these checks even when a field already failed (e.g. a date 2016-06-31 that is reported
 * at its own path), so every check that computes with a date first makes sure the date exists.
 */
const exists = (date: string | undefined) => date === undefined || DateTime.fromISO(date).isValid;

export function checkPlan(plan: PlanShape, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const codes = new Set<string>();
  plan.units.forEach((u, i) => {
    if (codes.has(u.code)) issue(['units', i, 'code'], `mã đơn vị "${u.code}" bị trùng / duplicate unit code "${u.code}"`);
    codes.add(u.code);
  });
  const knownUnit = (code: string | undefined, path: Path) => {
    if (code !== undefined && !codes.has(code)) issue(path, `không có đơn vị mã "${code}" / no unit with code "${code}"`);
  };
  const knownUnits = (list: string[], path: Path) => list.forEach((code, j) => knownUnit(code, [...path, j]));

  checkUnits(plan, issue, knownUnit);
  checkCycles(plan, issue, knownUnits);

  const refs = new Set<string>();
  const years = plan.period && plan.period.from === plan.period.to ? plan.period.from : undefined;
  plan.tasks.forEach((t, i) => {
    if (refs.has(t.ref)) issue(['tasks', i, 'ref'], `số hiệu nhiệm vụ "${t.ref}" bị trùng / duplicate task ref "${t.ref}"`);
    refs.add(t.ref);
    knownUnit(t.lead, ['tasks', i, 'lead']);
    knownUnits(t.coordinating, ['tasks', i, 'coordinating']);
    if (t.due !== undefined) {
      const due = parseDuePeriod(t.due, years);
      if (!due.ok) issue(['tasks', i, 'due'], due.message);
    }
  });

  const objectives = new Set<number>();
  plan.objectives.forEach((o, i) => {
    if (objectives.has(o.number)) issue(['objectives', i, 'number'], `mục tiêu số ${o.number} bị trùng / duplicate objective ${o.number}`);
    objectives.add(o.number);
    knownUnit(o.lead, ['objectives', i, 'lead']);
    knownUnits(o.coordinating, ['objectives', i, 'coordinating']);
    const indicators = new Set<number>();
    o.indicators.forEach((ind, k) => {
      const path = ['objectives', i, 'indicators', k];
      if (indicators.has(ind.number)) issue([...path, 'number'], `chỉ tiêu ${ind.number} của mục tiêu ${o.number} bị trùng / duplicate indicator ${ind.number} of objective ${o.number}`);
      indicators.add(ind.number);
      knownUnit(ind.lead, [...path, 'lead']);
      knownUnits(ind.coordinating, [...path, 'coordinating']);
      // A per-sex target is judged on the female and male values: without them it could never be met.
      if (ind.target?.perSex && !ind.bySex) {
        issue([...path, 'target', 'perSex'], `chỉ tiêu ${o.number}.${ind.number}: chỉ tiêu cho mỗi giới (perSex) cần số liệu phân tách theo giới (bySex: true) / indicator ${o.number}.${ind.number}: a per-sex target needs figures by sex (bySex: true)`);
      }
      checkAsked(plan, o, ind, path, issue);
      // A target nobody is asked to report on can never be met or missed: the cycle asks the lead unit.
      if (ind.target && ind.askedOf === 'lead' && ind.lead === undefined && o.lead === undefined) {
        issue([...path, 'lead'], `chỉ tiêu ${o.number}.${ind.number} có chỉ tiêu phấn đấu nhưng không có đơn vị chủ trì (lead), mục tiêu ${o.number} cũng không / indicator ${o.number}.${ind.number} has a target but no lead unit, and objective ${o.number} has none either`);
      }
    });
  });

  if (plan.period && plan.period.to < plan.period.from) {
    issue(['period', 'to'], 'năm kết thúc phải sau năm bắt đầu / the period must end after it starts');
  }
  const r = plan.reminders;
  if (r.escalationAfterDays < r.overdueNoticeDaysAfter) {
    issue(['reminders', 'escalationAfterDays'], 'báo cáo Thường trực Ban phải sau thông báo quá hạn / escalation must come after the overdue notice');
  }
  if (r.closeAfterDays <= r.escalationAfterDays) {
    issue(['reminders', 'closeAfterDays'], 'kỳ báo cáo phải đóng sau khi báo cáo Thường trực Ban / the cycle must close after the escalation');
  }
}

type Issue = (path: Path, message: string) => void;
type Objective = PlanShape['objectives'][number];

/** askedOf names known kinds that some unit has; byLocality goes with the lead unit alone, and needs localities. */
function checkAsked(plan: PlanShape, o: Objective, ind: Objective['indicators'][number], path: Path, issue: Issue) {
  const name = `chỉ tiêu ${o.number}.${ind.number}`;
  const en = `indicator ${o.number}.${ind.number}`;
  const { askedOf } = ind;
  if (typeof askedOf !== 'string') {
    const known: readonly string[] = UNIT_KINDS;
    askedOf.forEach((k, j) => {
      if (!known.includes(k)) issue([...path, 'askedOf', j], `${name}: không có loại đơn vị "${k}" (${UNIT_KINDS.join(', ')}) / ${en}: no unit kind "${k}"`);
    });
  }
  if (askedOf !== 'lead' && !plan.units.some((u) => isAsked(askedOf, null, u))) {
    issue([...path, 'askedOf'], `${name}: kế hoạch không có đơn vị nào thuộc loại được hỏi (askedOf: ${typeof askedOf === 'string' ? askedOf : askedOf.join(', ')}) / ${en}: the plan has no unit of the kinds asked`);
  }
  if (ind.byLocality && askedOf !== 'lead') {
    issue([...path, 'byLocality'], `${name}: số liệu theo địa bàn (byLocality) do đơn vị chủ trì báo cáo cho toàn tỉnh, không dùng cùng askedOf / ${en}: byLocality is reported by the lead unit for the whole province, not together with askedOf`);
  } else if (ind.byLocality && !plan.units.some((u) => isLocality(u.kind))) {
    issue([...path, 'byLocality'], `${name}: kế hoạch không có đơn vị cấp huyện, xã, phường hay đặc khu để chia số liệu theo địa bàn / ${en}: the plan has no district, commune, ward or special-zone unit to split the figure by`);
  }
}

function checkUnits(plan: PlanShape, issue: Issue, knownUnit: (code: string | undefined, path: Path) => void) {
  const parentOf = new Map(plan.units.map((u) => [u.code, u.parent]));
  plan.units.forEach((u, i) => {
    knownUnit(u.parent, ['units', i, 'parent']);
    // A unit may not be its own ancestor.
    const seen = new Set([u.code]);
    for (let p = u.parent; p !== undefined; p = parentOf.get(p)) {
      if (seen.has(p)) {
        issue(['units', i, 'parent'], `đơn vị "${u.code}" nằm trong chính nó / unit "${u.code}" is its own parent`);
        break;
      }
      seen.add(p);
    }
    if (u.opensOn && u.closesOn && u.closesOn < u.opensOn) {
      issue(['units', i, 'closesOn'], 'ngày đóng phải sau ngày mở / a unit must close after it opens');
    }
  });
  checkMerges(plan, issue);
}

/**
 * `mergedInto`: the unit closes and its successor, another unit of the plan open on the day after, takes
 * its line over (domain/unit-lines.ts follows the chain, so a chain may not come back to itself).
 */
function checkMerges(plan: PlanShape, issue: Issue) {
  const byCode = new Map(plan.units.map((u) => [u.code, u]));
  plan.units.forEach((u, i) => {
    if (u.mergedInto === undefined) return;
    const path = ['units', i, 'mergedInto'];
    const to = u.mergedInto;
    if (u.closesOn === undefined) {
      issue(path, `đơn vị "${u.code}" sáp nhập vào "${to}" cần ngày đóng (closesOn) / unit "${u.code}" merged into "${to}" needs its last day (closesOn)`);
      return;
    }
    if (to === u.code) return issue(path, `đơn vị "${u.code}" không thể sáp nhập vào chính nó / unit "${u.code}" cannot be merged into itself`);
    const successor = byCode.get(to);
    if (!successor) return issue(path, `không có đơn vị mã "${to}" / no unit with code "${to}"`);
    if (exists(u.closesOn) && exists(successor.opensOn) && exists(successor.closesOn)) {
      const next = DateTime.fromISO(u.closesOn).plus({ days: 1 }).toISODate()!;
      if ((successor.opensOn && successor.opensOn > next) || (successor.closesOn && successor.closesOn < next)) {
        issue(path, `đơn vị nhận sáp nhập "${to}" phải hoạt động từ ngày ${dmy(next)} (ngày sau closesOn) / the successor "${to}" must be open on ${dmy(next)}, the day after closesOn`);
      }
    }
    const seen = new Set([u.code]);
    for (let c: string | undefined = to; c !== undefined; c = byCode.get(c)?.mergedInto) {
      if (seen.has(c)) {
        issue(path, `chuỗi sáp nhập của "${u.code}" quay vòng (${[...seen, c].join(' → ')}) / the merge chain of "${u.code}" loops (${[...seen, c].join(' → ')})`);
        break;
      }
      seen.add(c);
    }
  });
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function checkCycles(plan: PlanShape, issue: Issue, knownUnits: (list: string[], path: Path) => void) {
  const keys = new Set<string>();
  plan.cycles.forEach((c, i) => {
    if (keys.has(c.key)) issue(['cycles', i, 'key'], `mã kỳ báo cáo "${c.key}" bị trùng / duplicate cycle key "${c.key}"`);
    keys.add(c.key);
    // One-off requests made from the web or CLI take keys "req-..." (domain/one-off-request.ts): a file's
    // cycle under such a key would overwrite one on a re-import.
    if (c.key.startsWith('req-')) issue(['cycles', i, 'key'], `mã kỳ "${c.key}": tiền tố "req-" dành cho yêu cầu báo cáo riêng / the prefix "req-" is kept for one-off requests`);
    const unknown = Array.isArray(c.units) && c.units.some((code) => !plan.units.some((u) => u.code === code));
    if (Array.isArray(c.units)) knownUnits(c.units, ['cycles', i, 'units']);
    const datesExist = exists(c.due.date) && plan.units.every((u) => exists(u.opensOn) && exists(u.closesOn));
    if (!unknown && datesExist && owingUnits(plan.units, c).length === 0) {
      issue(['cycles', i, 'units'], 'không đơn vị nào phải nộp báo cáo kỳ này / no unit owes this report');
    }
    if (c.opensOn && c.opensOn >= c.due.date) {
      issue(
        ['cycles', i, 'opensOn'],
        `hạn nộp (${c.due.rule === 'before' ? 'trước' : 'đến'} ${c.due.date}) trước ngày mở kỳ ${c.opensOn} / the deadline comes before the cycle opens`,
      );
    }
    if (c.dataPeriod && c.dataPeriod.to < c.dataPeriod.from) {
      issue(['cycles', i, 'dataPeriod', 'to'], 'kỳ số liệu kết thúc trước khi bắt đầu / the data period ends before it starts');
    }
    const figures = new Set<string>();
    c.figures.forEach((f, k) => {
      if (figures.has(f.key)) issue(['cycles', i, 'figures', k, 'key'], `mã số liệu "${f.key}" bị trùng / duplicate figure key "${f.key}"`);
      figures.add(f.key);
    });
  });
}
