// No import cycle in application code, type-only imports included (what `npx madge --circular` reports):
// a cycle is a sign that a low-level file reaches up into the code that uses it (the web app's
// dependencies once lived in web/app.ts, which imported every route that imported it back).
// madge comes from tools/lint (scripts/lib.sh ensure_static_checks), which carries the TypeScript 5
// parser madge needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';

const root = path.resolve(import.meta.dirname, '../..');
const requireFromLint = createRequire(path.join(root, 'tools/lint/package.json'));
const madge = requireFromLint('madge') as (paths: string[], config: object) => Promise<{ circular(): string[][]; obj(): Record<string, string[]> }>;

/** Every folder of application code (tests and generated Prisma code excluded). */
const APP_FOLDERS = ['activities', 'cli', 'config', 'db', 'domain', 'mail', 'templates', 'temporal', 'web', 'worker', 'workflows'];

async function graph(folders: string[]) {
  return madge(
    folders.map((f) => path.join(root, f)),
    { baseDir: root, fileExtensions: ['ts'], tsConfig: path.join(root, 'tsconfig.json'), excludeRegExp: [/db[\\/]generated[\\/]/], detectiveOptions: { ts: { skipTypeImports: false } } },
  );
}

describe('import cycles', () => {
  it('reads the whole application', async () => {
    const files = Object.keys((await graph(APP_FOLDERS)).obj());
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain('workflows/obligation.ts');
    expect(files.some((f) => f.startsWith('db/generated/'))).toBe(false);
  });

  it('catches a cycle made of type-only imports', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dondoc-cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.ts'), "import { routes } from './routes.ts';\nexport interface Deps { db: string }\nexport const app = routes;\n");
      fs.writeFileSync(path.join(dir, 'routes.ts'), "import type { Deps } from './app.ts';\nexport const routes = (d: Deps) => d.db;\n");
      const found = await madge([dir], { baseDir: dir, fileExtensions: ['ts'], detectiveOptions: { ts: { skipTypeImports: false } } });
      expect(found.circular()).toStrictEqual([['app.ts', 'routes.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds none in application code', async () => {
    expect((await graph(APP_FOLDERS)).circular()).toStrictEqual([]);
  });
});
