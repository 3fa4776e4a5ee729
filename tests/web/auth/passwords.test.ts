// The password KDF: scrypt with its parameters in the stored string.
import { describe, expect, it } from '@jest/globals';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyAgainstDummy, verifyPassword } from '../../../accounts/passwords.ts';

describe('passwords', () => {
  const password = 'đúng-mật-khẩu-2026';

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword(password);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword('sai-mat-khau-2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('the same password gives a different hash each time (random salt)', async () => {
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).not.toBe(b);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
  });

  it('a tampered or malformed hash never verifies and never throws', async () => {
    const stored = await hashPassword(password);
    const parts = stored.split('$');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const tampered = [
      [...parts.slice(0, 5), flip(parts[5]!)].join('$'), // the hash
      [...parts.slice(0, 4), flip(parts[4]!), parts[5]].join('$'), // the salt
      stored.replace('$32768$', '$16384$'), // the cost
      stored.replace('$8$1$', '$8$2$'),
      stored.replace('$32768$', '$1073741824$'), // a huge N must be refused, not allocated
      stored.replace('$32768$', '$30000$'), // not a power of two
      stored.replace(/^scrypt/, 'bcrypt'),
      stored.slice(0, -10),
      '',
      'scrypt$$$$$',
      'plain-text-password',
    ];
    for (const t of tampered) {
      // on failure, look at: t
      expect(await verifyPassword(password, t)).toBe(false);
    }
  });

  it('a hash made with other parameters still verifies, and is flagged for re-hashing', async () => {
    const old = await hashPassword(password, { N: 2 ** 14, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword(password, old)).toBe(true);
    expect(await verifyPassword('other-password-1', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    const stronger = await hashPassword(password, { N: 2 ** 16, r: 8, p: 1 });
    expect(await verifyPassword(password, stronger)).toBe(true);
    expect(SCRYPT_PARAMS.N).toBe(2 ** 15);
  });

  it('the dummy verification for unknown users always says no', async () => {
    expect(await verifyAgainstDummy(password)).toBe(false);
  });
});
