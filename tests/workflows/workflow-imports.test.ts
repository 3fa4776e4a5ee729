// The import rule for workflow code, as ESLint sees it (tools/lint/eslint.config.js, `npm run lint`):
// workflows are deterministic, so they import values only from `@temporalio/workflow`, other workflow
// files and the pure domain modules the config lists; Prisma, nodemailer, luxon (time zones are resolved
// before a workflow starts) and Node built-ins only as types. ESLint comes from tools/lint (a package of
// its own: typescript-eslint needs the TypeScript 5 API), loaded as tests/architecture/import-cycles.test.ts
// loads madge.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../..');
const requireFromLint = createRequire(path.join(root, 'tools/lint/package.json'));

interface LintMessage {
  ruleId: string | null;
  line: number;
  message: string;
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
}
interface ESLintApi {
  lintFiles(patterns: string[]): Promise<LintResult[]>;
  lintText(code: string, options: { filePath: string }): Promise<LintResult[]>;
}
const { ESLint } = requireFromLint('eslint') as { ESLint: new (options: object) => ESLintApi };
const eslint = new ESLint({ cwd: root, overrideConfigFile: 'tools/lint/eslint.config.js' });

/** Lints `code` as if it were a file of workflows/; returns "line rule" for every message. */
async function lintAsWorkflow(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, 'workflows/fixture.ts') });
  return result!.messages.map((m) => `${m.line} ${m.ruleId}`);
}

describe('workflow imports (ESLint)', () => {
  it('finds no forbidden import in workflows/', async () => {
    const results = await eslint.lintFiles(['workflows/**/*.ts']);
    const linted = results.map((r) => path.relative(root, r.filePath)).sort();
    expect(linted).toStrictEqual(fs.readdirSync(path.join(root, 'workflows')).filter((f) => f.endsWith('.ts')).map((f) => `workflows/${f}`).sort());
    // on failure, look at: the messages below, each with its file
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`))).toStrictEqual([]);
  });

  it('catches value imports of Prisma, Node built-ins, luxon and impure domain modules', async () => {
    const code = [
      "import { PrismaClient } from '../db/client.ts';",
      "import fs from 'node:fs';",
      "import { DateTime } from 'luxon';",
      "import { formatDate } from '../domain/calendar.ts';",
      "import { TypedSearchAttributes } from '@temporalio/common';",
      "import { type PlanObject } from '../domain/plan-object.ts';", // left as `import {} from`: loads the module
      "export { savePlan } from '../db/plans.ts';",
      "const os = await import('node:os');",
      "const path = require('node:path');",
    ].join('\n');
    expect(await lintAsWorkflow(code)).toStrictEqual([
      '1 @typescript-eslint/no-restricted-imports',
      '2 @typescript-eslint/no-restricted-imports',
      '3 @typescript-eslint/no-restricted-imports',
      '4 @typescript-eslint/no-restricted-imports',
      '5 @typescript-eslint/no-restricted-imports',
      '6 @typescript-eslint/no-import-type-side-effects',
      '7 @typescript-eslint/no-restricted-imports',
      '8 no-restricted-syntax',
      '9 no-restricted-syntax',
    ]);
  });

  it('allows the workflow API, workflow files, the pure domain modules and type-only imports of anything', async () => {
    const code = [
      "import { condition, proxyActivities } from '@temporalio/workflow';",
      "import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';",
      "import { nextReminder } from './reminder-schedule.ts';",
      "import { OBLIGATION_STATUSES } from '../domain/statuses.ts';",
      "import type { PrismaClient } from '../db/client.ts';",
      "import type { Activities } from '../activities/index.ts';",
      "export type { DateTime } from 'luxon';",
    ].join('\n');
    expect(await lintAsWorkflow(code)).toStrictEqual([]);
  });
});
