// Reads a plan file (YAML) into a validated Plan, or a list of errors that each name their place in
// the file: `units[3].focalPersons[0].email (dòng 42): không phải địa chỉ email / not an email address`.
// YAML aliases are expanded first (plan-yaml-aliases.ts), so an alias bomb is refused at its line.
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { PlanSchema, type Plan } from './plan-schema.ts';
import { describeAliasProblem, expandAliases } from './plan-yaml-aliases.ts';

export interface PlanError {
  path: string; // e.g. units[3].focalPersons[0].email, or "" for the whole file
  line?: number;
  message: string; // "Vietnamese / English"
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; errors: PlanError[] };

export function formatPlanError(e: PlanError): string {
  const where = e.path || '(tệp / file)';
  return e.line ? `${where} (dòng / line ${e.line}): ${e.message}` : `${where}: ${e.message}`;
}

function pathToString(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The line of the deepest YAML node that exists on the path (a missing key points at its parent). */
function lineOf(doc: Document, lines: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The value at `path` in the parsed YAML (zod does not report the input unless asked to). */
function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = data;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown): string {
  if (issue.code === 'invalid_type' && valueAt(data, issue.path) === undefined) {
    return 'thiếu trường bắt buộc / required field is missing';
  }
  switch (issue.code) {
    case 'invalid_type':
      return `sai kiểu dữ liệu, cần ${issue.expected} / wrong type, expected ${issue.expected}`;
    case 'invalid_value':
      return `giá trị không hợp lệ, chọn một trong: ${issue.values.map(String).join(', ')} / invalid value, expected one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `trường không được hỗ trợ: ${issue.keys.join(', ')} / unknown field: ${issue.keys.join(', ')}`;
    case 'too_small':
      return issue.message.includes(' / ') ? issue.message : `quá nhỏ hoặc quá ít (tối thiểu ${String(issue.minimum)}) / too small (minimum ${String(issue.minimum)})`;
    case 'too_big':
      return issue.message.includes(' / ') ? issue.message : `quá lớn hoặc quá nhiều (tối đa ${String(issue.maximum)}) / too big (maximum ${String(issue.maximum)})`;
    case 'invalid_union':
      return 'giá trị không hợp lệ / invalid value';
    default:
      return issue.message;
  }
}

/**
 * Located errors about a valid plan's content that only a later step can see (a form file missing on
 * disk, say): each with its path as the schema's errors write it and its line in `source`.
 */
export function planErrorLocator(source: string): (path: ReadonlyArray<string | number>, message: string) => PlanError {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  return (path, message) => ({ path: pathToString(path), line: lineOf(doc, lines, path), message });
}

export function parsePlan(source: string): PlanResult {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        path: '',
        // prettyErrors is off (we format errors ourselves), so linePos is not filled in: count lines here.
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        message: `YAML không hợp lệ: ${e.message.split('\n')[0]} / invalid YAML`,
      })),
    };
  }
  const aliases = expandAliases(doc);
  if (aliases) {
    return {
      ok: false,
      errors: [{ path: pathToString(aliases.path), line: aliases.offset === undefined ? undefined : lines.linePos(aliases.offset).line, message: describeAliasProblem(aliases) }],
    };
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: [{ path: '', message: 'tệp kế hoạch phải là một đối tượng YAML / a plan file must be a YAML mapping' }] };
  }
  const result = PlanSchema.safeParse(data);
  if (result.success) return { ok: true, plan: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: pathToString(issue.path),
      line: lineOf(doc, lines, issue.path),
      message: describeIssue(issue, data),
    })),
  };
}
