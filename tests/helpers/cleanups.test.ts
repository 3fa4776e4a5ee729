// A test stack that cannot start fails at once with its reason and leaves nothing running (the servers
// that did start are closed), so jest reports the file and exits instead of waiting on open handles.
import net from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { startMailCatcher } from '../../mail/catcher.ts';
import { Cleanups } from './cleanups.ts';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });

describe('Cleanups', () => {
  it('closes what started when a sibling fails, and throws the failure', async () => {
    const cleanups = new Cleanups();
    let port = 0;
    const failing = cleanups.all([
      cleanups.start(startMailCatcher(), (c) => c.close()).then((c) => ((port = c.port), c)),
      cleanups.start(Promise.reject(new Error('DONDOC_TEST_SERVER is not set')), () => undefined),
    ]);
    await expect(failing).rejects.toThrow('DONDOC_TEST_SERVER is not set');
    expect(port).toBeGreaterThan(0);
    expect(await accepts(port)).toBe(false);
  });

  it('closes everything when a later step fails (guard), newest first', async () => {
    const cleanups = new Cleanups();
    const order: string[] = [];
    cleanups.add('first', (v) => order.push(v));
    cleanups.add('second', (v) => order.push(v));
    await expect(cleanups.guard(async () => Promise.reject(new Error('web app did not listen')))).rejects.toThrow('web app did not listen');
    expect(order).toStrictEqual(['second', 'first']);
  });

  it('runs every step even when one fails, then throws the first failure', async () => {
    const cleanups = new Cleanups();
    const ran: string[] = [];
    cleanups.add('a', (v) => ran.push(v));
    cleanups.add('b', () => {
      throw new Error('b failed');
    });
    cleanups.add('c', (v) => ran.push(v));
    await expect(cleanups.run()).rejects.toThrow('b failed');
    expect(ran).toStrictEqual(['c', 'a']);
  });
});
