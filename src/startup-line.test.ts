import { describe, expect, it } from 'vitest';
import { describeRedis, describeStore } from './startup-line.js';

describe('the start-up line', () => {
  it('names the SQLite file', () => {
    expect(describeStore('sqlite:/srv/keywarden/data/keywarden.db', undefined)).toBe('sqlite /srv/keywarden/data/keywarden.db');
  });

  it('names the PostgreSQL host, port, database and schema, but no user, password or options', () => {
    const url = 'postgres://keywarden:s3cret-pw@db.internal:6432/keys?sslmode=require&password=other-pw';
    expect(describeStore(url, 'keywarden')).toBe('postgres db.internal:6432/keys (schema keywarden)');
    expect(describeStore('postgresql://u:p@127.0.0.1/test', 'public')).toBe('postgres 127.0.0.1:5432/test (schema public)');
    expect(describeStore('postgres:///keys?host=/var/run/postgresql', 'public')).toBe('postgres /var/run/postgresql:5432/keys (schema public)');
  });

  it('says none without Redis, and the host and port without the password when there is one', () => {
    expect(describeRedis(null)).toBe('none');
    expect(describeRedis('redis://:r3dis-pw@127.0.0.1:6379')).toBe('127.0.0.1:6379');
    expect(describeRedis('rediss://default:r3dis-pw@cache.internal:6380/2')).toBe('cache.internal:6380/2 tls');
    expect(describeRedis('redis://cache.internal')).toBe('cache.internal:6379');
  });

  it('never echoes a URL it cannot read', () => {
    expect(describeStore('postgres://user:pa ss@[bad', undefined)).toBe('postgres (unreadable URL)');
    expect(describeRedis('redis://user:pa ss@[bad')).toBe('(unreadable URL)');
  });
});
