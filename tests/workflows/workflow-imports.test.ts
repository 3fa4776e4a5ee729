// The lint rule for workflow code: workflows are deterministic, so they may import only the Temporal
// workflow API, other workflow files, and activity *types*. Never Prisma, nodemailer, luxon (time
// zones are resolved before a workflow starts) or Node built-ins.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';

const dir = path.resolve(import.meta.dirname, '../../workflows');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));

function imports(source: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) out.push({ spec: m[3]!, typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(/\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, typeOnly: false });
  return out;
}

describe('workflow imports', () => {
  it('finds the workflow files', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(`${f} imports only deterministic code`, () => {
      for (const { spec, typeOnly } of imports(fs.readFileSync(path.join(dir, f), 'utf8'))) {
        const ok = spec === '@temporalio/workflow' || (spec.startsWith('./') && !spec.includes('..')) || typeOnly;
        // on failure, look at: `${f} imports "${spec}"${typeOnly ? '' : ' (a value import)'}`
        expect(ok).toBeTruthy();
      }
    });
  }
  it('the rule catches a forbidden import', () => {
    const found = imports(`import { PrismaClient } from '../db/client.ts';\nimport fs from 'node:fs';\nimport type { A } from '../activities/index.ts';`);
    expect(found).toStrictEqual([
      { spec: '../db/client.ts', typeOnly: false },
      { spec: 'node:fs', typeOnly: false },
      { spec: '../activities/index.ts', typeOnly: true },
    ]);
  });
});
