// DONDOC_COOKIE_SECRET (config/config.ts): it signs the CSRF cookie, so production must set one of at
// least 32 characters; elsewhere each process makes a random one.
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../config/config.ts';

describe('DONDOC_COOKIE_SECRET', () => {
  it('is used as given when it is long enough', () => {
    const secret = 's'.repeat(32);
    expect(loadConfig({ DONDOC_COOKIE_SECRET: secret, NODE_ENV: 'production' }).web.cookieSecret).toBe(secret);
  });

  it('is refused when shorter than 32 characters, in production or not', () => {
    for (const NODE_ENV of ['production', undefined]) {
      expect(() => loadConfig({ DONDOC_COOKIE_SECRET: 's'.repeat(31), NODE_ENV })).toThrow(ConfigError);
    }
  });

  it('is required in production, with a message naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DONDOC_COOKIE_SECRET: required when NODE_ENV=production/);
  });

  it('outside production, a random one for each process (each load)', () => {
    const a = loadConfig({}).web.cookieSecret;
    const b = loadConfig({ NODE_ENV: 'development' }).web.cookieSecret;
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
