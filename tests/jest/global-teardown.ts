// Once per jest run, after every test file: stops the shared dev server (global-setup.ts).
export default async function globalTeardown() {
  await globalThis.dondocDevServer?.stop();
}
