// ESLint for dondoc (`npm run lint`, and tests/workflows/workflow-imports.test.ts through the Node API).
// Run from the project root with `-c tools/lint/eslint.config.js`: the `files` globs are relative to it.
//
// The workflow sandbox rule: workflow code is replayed and must be deterministic, so a workflow file
// imports values only from
//   - `@temporalio/workflow` (and, from `@temporalio/common`, the two names that define typed
//     search attribute keys: `defineSearchAttributeKey`, `SearchAttributeType`);
//   - other workflow files (`./x.ts`);
//   - the pure domain modules listed in PURE_DOMAIN_MODULES (no imports of their own, no I/O, no clock).
// Anything else (Prisma, nodemailer, luxon: time zones are resolved before a workflow starts, Node
// built-ins, the activities) only as a type: `import type` is erased before the bundle is built.
import tseslint from 'typescript-eslint';

/** Domain modules workflow code may import values from: each imports nothing and reads no clock. */
export const PURE_DOMAIN_MODULES = ['../domain/statuses.ts'];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ALLOWED = ['@temporalio/workflow', '@temporalio/common', ...PURE_DOMAIN_MODULES].map((s) => `${escape(s)}$`);
// Every module specifier except the allowed ones and a file of the same folder.
const FORBIDDEN = `^(?!(?:${ALLOWED.join('|')})|\\./[^/]+$)`;
const WHY = 'Workflow code is replayed: import values only from @temporalio/workflow, other workflow files and the pure domain modules (tools/lint/eslint.config.js); anything else as `import type`.';

export default [
  {
  files: ['workflows/**/*.ts'],
  languageOptions: { parser: tseslint.parser, sourceType: 'module' },
  plugins: { '@typescript-eslint': tseslint.plugin },
  linterOptions: { reportUnusedDisableDirectives: 'error', noInlineConfig: true },
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [{ name: '@temporalio/common', allowImportNames: ['defineSearchAttributeKey', 'SearchAttributeType'], allowTypeImports: true, message: WHY }],
        patterns: [{ regex: FORBIDDEN, allowTypeImports: true, message: WHY }],
      },
    ],
    // `import { type X } from 'y'` is allowed above as type-only, yet with verbatim module syntax it
    // leaves `import {} from 'y'`, which loads y: write `import type` instead.
    '@typescript-eslint/no-import-type-side-effects': 'error',
    // no-restricted-imports sees static imports only: a dynamic import or a require is refused outright.
    'no-restricted-syntax': [
      'error',
      { selector: 'ImportExpression', message: WHY },
      { selector: "CallExpression[callee.name='require']", message: WHY },
    ],
  },
  },
];
