// The dashboard's two-second shared read: concurrent requests share one load, it expires, a failed
// load is not remembered, and clear() forgets everything.
import { describe, expect, it } from '@jest/globals';
import { DashboardCache } from '../../../web/office/dashboard-cache.ts';

describe('dashboard cache', () => {
  it('shares one load between concurrent reads, until it expires or is cleared', async () => {
    let now = 0;
    let loads = 0;
    const cache = new DashboardCache<number>(2_000, () => now);
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toStrictEqual([1, 1, 1]);
    // another key loads on its own
    expect(await cache.get('other', load)).toBe(2);
    now = 1_999;
    expect(await cache.get('k', load)).toBe(1);
    now = 2_000;
    // expired after two seconds
    expect(await cache.get('k', load)).toBe(3);
    cache.clear();
    // cleared
    expect(await cache.get('k', load)).toBe(4);
  });

  it('does not remember a failed load', async () => {
    const cache = new DashboardCache<number>(2_000, () => 0);
    await expect(cache.get('k', async () => Promise.reject(new Error('database busy')))).rejects.toThrow('database busy');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });
});
