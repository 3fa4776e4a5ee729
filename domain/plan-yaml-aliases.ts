// Resolves the YAML aliases of a plan file (`focalPersons: &fp [...]` then `focalPersons: *fp` in every
// unit) and bounds how large the plan becomes once they are expanded, so an alias bomb ("billion
// laughs": anchors of aliases of aliases) is refused with its place in the file before anything walks
// the expanded data. Pure; called by plan-file.ts on the parsed Document, which it changes in place.
//
// Hand-written on top of the `yaml` library's Document nodes rather than raising its `maxAliasCount`:
// measured with yaml 2.9, `toJS` resolves each alias by scanning every anchor and alias before it
// (20,000 units sharing one alias: 7.6 s, and quadratic, so a file of many small aliases is itself a
// way to stall the server), its count ignores how large the aliased node is (a large anchor
// repeated under the limit still expands far), and its error names no place in the file. Here each
// alias is resolved once through a map of the latest anchor of each name (YAML's rule: an alias refers
// to the closest preceding anchor), every node is counted once and every alias adds the full size
// of what it repeats, so the bound is on the size the schema check would walk.
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';

/**
 * The most elements (mappings, lists and scalars) a plan may hold once aliases are expanded. A plan
 * of 20,000 units with one focal person each holds about 300,000; this leaves room for several
 * focal persons, cycles that list their units, tasks and objectives.
 */
export const MAX_PLAN_ELEMENTS = 2_000_000;

export type AliasProblem = { kind: 'too-large' | 'self' | 'unknown'; alias?: string; path: (string | number)[]; offset?: number };

class Stop extends Error {
  constructor(readonly problem: AliasProblem) {
    super(problem.kind);
  }
}

/**
 * Replaces every alias in `doc` by the node it names (a node may then appear in several places; the
 * library converts each place separately), or reports the first alias or node that makes the plan
 * too large, an alias inside the node it names, or an alias with no anchor before it.
 */
export function expandAliases(doc: Document): AliasProblem | undefined {
  const anchors = new Map<string, Node>(); // the latest anchor of each name, in document order
  const sizes = new Map<Node, number>(); // elements of each anchored node, aliases expanded
  const walking = new Set<Node>(); // anchored nodes being walked: an alias to one of them is a loop
  let total = 0;

  const count = (n: number, path: (string | number)[], offset: number | undefined, alias?: string) => {
    total += n;
    if (total > MAX_PLAN_ELEMENTS) throw new Stop({ kind: 'too-large', alias, path, offset });
  };

  const walk = (value: unknown, path: (string | number)[]): { node: unknown; size: number } => {
    if (isAlias(value)) {
      const offset = value.range?.[0];
      const target = anchors.get(value.source);
      if (!target) throw new Stop({ kind: 'unknown', alias: value.source, path, offset });
      if (walking.has(target)) throw new Stop({ kind: 'self', alias: value.source, path, offset });
      const size = sizes.get(target)!;
      count(size, path, offset, value.source);
      return { node: target, size };
    }
    if (!isNode(value)) return { node: value, size: 0 };
    if (value.anchor) {
      anchors.set(value.anchor, value);
      walking.add(value);
    }
    count(1, path, value.range?.[0]);
    let size = 1;
    if (isMap(value)) {
      for (const pair of value.items) {
        const key = walk(pair.key, path);
        const name = isScalar(key.node) ? String(key.node.value) : '?';
        const item = walk(pair.value, [...path, name]);
        pair.key = key.node;
        pair.value = item.node;
        size += key.size + item.size;
      }
    } else if (isSeq(value)) {
      value.items.forEach((v, i) => {
        const item = walk(v, [...path, i]);
        value.items[i] = item.node;
        size += item.size;
      });
    }
    if (value.anchor) {
      walking.delete(value);
      sizes.set(value, size);
    }
    return { node: value, size };
  };

  try {
    doc.contents = walk(doc.contents, []).node as Document['contents'];
    return undefined;
  } catch (err) {
    if (err instanceof Stop) return err.problem;
    throw err;
  }
}

const ELEMENTS_VI = MAX_PLAN_ELEMENTS.toLocaleString('vi-VN');
const ELEMENTS_EN = MAX_PLAN_ELEMENTS.toLocaleString('en-GB');

/** The problem in words, "Vietnamese / English", as every plan error. */
export function describeAliasProblem(p: AliasProblem): string {
  switch (p.kind) {
    case 'too-large':
      return p.alias === undefined
        ? `kế hoạch quá lớn: hơn ${ELEMENTS_VI} phần tử / plan too large: more than ${ELEMENTS_EN} elements`
        : `kế hoạch quá lớn, quá nhiều bí danh YAML: hơn ${ELEMENTS_VI} phần tử khi mở bí danh *${p.alias} / ` +
            `plan too large, too many aliases: more than ${ELEMENTS_EN} elements once the YAML alias *${p.alias} is expanded`;
    case 'self':
      return `bí danh YAML *${p.alias} nằm trong chính phần tử mà nó lặp lại / the YAML alias *${p.alias} is inside the node it repeats`;
    case 'unknown':
      return `không có neo YAML &${p.alias} trước bí danh *${p.alias} / no YAML anchor &${p.alias} before the alias *${p.alias}`;
  }
}
