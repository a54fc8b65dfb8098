import { describe, expect, it } from 'vitest';
import { hashPassword, isWeaker, PasswordHasher, SCRYPT_PARAMS } from './passwords.js';

const CHEAP = { N: 1 << 10, r: 8, p: 1 };

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher({ slots: 2, queueLimit: 4, params: CHEAP });

  it('writes its parameters into the hash and checks a password against it', async () => {
    const hash = await hasher.hash('right-password');
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await hasher.check('right-password', hash)).toEqual({ ok: true, needsRehash: false });
    expect(await hasher.check('wrong-password', hash)).toEqual({ ok: false, needsRehash: false });
  });

  it('asks for a rehash only when the password matched a hash made with weaker parameters', async () => {
    const weak = await hashPassword('pw', { N: 1 << 9, r: 8, p: 1 });
    expect(await hasher.check('pw', weak)).toEqual({ ok: true, needsRehash: true });
    expect(await hasher.check('other', weak)).toEqual({ ok: false, needsRehash: false });
  });

  it('refuses a malformed stored hash, and its own dummy hash, without throwing', async () => {
    for (const stored of ['', 'bcrypt$x', 'scrypt$99999999999$8$1$AA==$AA==', 'scrypt$1024$8$1$AA==']) {
      expect(await hasher.check('pw', stored)).toEqual({ ok: false, needsRehash: false });
    }
    expect((await hasher.check('', hasher.dummyHash)).ok).toBe(false);
  });

  it('refuses a stored hash with an empty or short hash or salt, or r and p past any real use, whatever the password', async () => {
    for (const stored of ['scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$', 'scrypt$1024$8$1$$AAAAAAAAAAAAAAAAAAAAAA==', 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA',
      'scrypt$1024$1000$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==', 'scrypt$1024$8$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==']) {
      expect(await hasher.check('any password', stored), stored).toEqual({ ok: false, needsRehash: false });
    }
  });

  it('orders parameters by strength', () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 1 << 17, r: 8, p: 1 });
    expect(isWeaker({ N: 1 << 15, r: 8, p: 1 }, SCRYPT_PARAMS)).toBe(true);
    expect(isWeaker({ N: 1 << 17, r: 4, p: 1 }, SCRYPT_PARAMS)).toBe(true);
    expect(isWeaker(SCRYPT_PARAMS, SCRYPT_PARAMS)).toBe(false);
  });
});
