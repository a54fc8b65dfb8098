import { describe, expect, it } from 'vitest';
import { httpUrlOrNull, isHttpUrl } from './http-url.js';

describe('isHttpUrl', () => {
  it.each(['https://github.com/o/r/blob/main/.env', 'http://paste.example/abc', 'HTTPS://EXAMPLE.COM/x'])('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each([
    'javascript:alert(1)', 'JavaScript:alert(1)', ' https://x.example', 'https://x.example/\nSet-Cookie: a', 'data:text/html,<b>x</b>',
    'ftp://x.example/f', 'https://', '//x.example/path', 'x.example', `https://x.example/${'a'.repeat(2000)}`, '',
  ])('refuses %j', (url) => {
    expect(isHttpUrl(url)).toBe(false);
  });

  it('keeps only strings that are http(s) URLs', () => {
    expect(httpUrlOrNull('https://x.example')).toBe('https://x.example');
    expect(httpUrlOrNull('javascript:alert(1)')).toBeNull();
    expect(httpUrlOrNull(42)).toBeNull();
    expect(httpUrlOrNull(undefined)).toBeNull();
  });
});
