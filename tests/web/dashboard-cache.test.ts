// The dashboard's two-second shared read: concurrent requests share one load, it expires, a failed
// load is not remembered, and clear() forgets everything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardCache } from '../../web/office/dashboard-cache.ts';

describe('dashboard cache', () => {
  it('shares one load between concurrent reads, until it expires or is cleared', async () => {
    let now = 0;
    let loads = 0;
    const cache = new DashboardCache<number>(2_000, () => now);
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    assert.deepEqual([a, b, loads], [1, 1, 1]);
    assert.equal(await cache.get('other', load), 2, 'another key loads on its own');
    now = 1_999;
    assert.equal(await cache.get('k', load), 1);
    now = 2_000;
    assert.equal(await cache.get('k', load), 3, 'expired after two seconds');
    cache.clear();
    assert.equal(await cache.get('k', load), 4, 'cleared');
  });

  it('does not remember a failed load', async () => {
    const cache = new DashboardCache<number>(2_000, () => 0);
    await assert.rejects(cache.get('k', async () => Promise.reject(new Error('database busy'))));
    assert.equal(await cache.get('k', async () => 7), 7);
  });
});
