// Once per jest run, after every test file: stops the shared dev server and PostgreSQL (global-setup.ts).
export default async function globalTeardown() {
  await Promise.all([globalThis.dondocDevServer?.stop(), globalThis.dondocPostgres?.stop()]);
}
