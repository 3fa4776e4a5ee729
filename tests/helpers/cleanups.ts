// Closes what a test stack started, newest first. A stack registers each server, client or folder the
// moment it has it; if a later step fails, everything already started is closed before the error
// propagates, so the file fails at once with the reason instead of leaving servers that keep jest
// from exiting.
export class Cleanups {
  readonly #steps: (() => unknown)[] = [];

  /** Registers how to close something just started; returns it. */
  add<T>(value: T, close: (value: T) => unknown): T {
    this.#steps.push(() => close(value));
    return value;
  }

  /** Runs every registered step, newest first; the first failure is thrown after all have run. */
  async run(): Promise<void> {
    let first: unknown;
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== undefined) throw first;
  }

  /** Registers how to close what `started` gives, as soon as it gives it. */
  start<T>(started: Promise<T>, close: (value: T) => unknown): Promise<T> {
    return started.then((value) => this.add(value, close));
  }

  /** Waits for resources started side by side (with start); if any fails, closes those that started and throws. */
  async all<T extends readonly unknown[] | []>(starts: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
    const settled = await Promise.allSettled(starts);
    const failed = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed) {
      await this.run().catch(() => undefined);
      throw failed.reason;
    }
    return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
  }

  /** Runs `start`; on failure, closes everything registered so far and rethrows. */
  async guard<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (err) {
      await this.run().catch(() => undefined);
      throw err;
    }
  }
}
