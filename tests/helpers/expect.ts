// jest's expect does not narrow types; this check does, for the lines after it (as node:assert's ok did).
import { expect } from '@jest/globals';

/** Fails the test unless `value` is truthy, and lets TypeScript narrow on it from here on. */
export function expectTruthy(value: unknown): asserts value {
  expect(value).toBeTruthy();
}
