// The password KDF: scrypt with its parameters in the stored string.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyAgainstDummy, verifyPassword } from '../../web/auth/passwords.ts';

describe('passwords', () => {
  const password = 'đúng-mật-khẩu-2026';

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword(password);
    assert.match(stored, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.equal(await verifyPassword(password, stored), true);
    assert.equal(await verifyPassword('sai-mat-khau-2026', stored), false);
    assert.equal(await verifyPassword('', stored), false);
    assert.equal(needsRehash(stored), false);
  });

  it('the same password gives a different hash each time (random salt)', async () => {
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    assert.notEqual(a, b);
    assert.notEqual(a.split('$')[4], b.split('$')[4]);
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
    for (const t of tampered) assert.equal(await verifyPassword(password, t), false, t);
  });

  it('a hash made with other parameters still verifies, and is flagged for re-hashing', async () => {
    const old = await hashPassword(password, { N: 2 ** 14, r: 8, p: 1 });
    assert.match(old, /^scrypt\$16384\$8\$1\$/);
    assert.equal(await verifyPassword(password, old), true);
    assert.equal(await verifyPassword('other-password-1', old), false);
    assert.equal(needsRehash(old), true);
    const stronger = await hashPassword(password, { N: 2 ** 16, r: 8, p: 1 });
    assert.equal(await verifyPassword(password, stronger), true);
    assert.equal(SCRYPT_PARAMS.N, 2 ** 15);
  });

  it('the dummy verification for unknown users always says no', async () => {
    assert.equal(await verifyAgainstDummy(password), false);
  });
});
