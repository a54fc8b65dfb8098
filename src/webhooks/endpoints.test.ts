import { describe, expect, it } from 'vitest';
import { isLoopback, matchesEventType, urlProblem } from './endpoints.js';

describe('webhook URLs', () => {
  it('accepts https anywhere and http only on a loopback address', () => {
    for (const ok of ['https://example.com/h', 'https://10.0.0.1/h', 'http://127.0.0.1/h', 'http://127.255.0.9:81/', 'http://localhost/', 'http://LOCALHOST:8080/', 'http://[::1]/']) {
      expect(urlProblem(ok), ok).toBeNull();
    }
    for (const bad of ['http://example.com/', 'http://10.0.0.1/', 'http://0.0.0.0/', 'http://[::2]/', 'http://localhost.evil.test/', 'file:///etc/passwd', 'ftp://example.com/', 'example.com', '']) {
      expect(urlProblem(bad), bad).not.toBeNull();
    }
  });

  it('knows the loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'].every(isLoopback)).toBe(true);
    expect(['128.0.0.1', '::2', 'example.com', '1.127.0.0'].some(isLoopback)).toBe(false);
  });
});

describe('event type patterns', () => {
  it('matches exact types, areas and everything', () => {
    expect(matchesEventType(['key.revoked'], 'key.revoked')).toBe(true);
    expect(matchesEventType(['key.revoked'], 'key.rotated')).toBe(false);
    expect(matchesEventType(['key.*'], 'key.expiring')).toBe(true);
    expect(matchesEventType(['key.*'], 'keys.x')).toBe(false);
    expect(matchesEventType(['*'], 'tenant.updated')).toBe(true);
    expect(matchesEventType([], 'tenant.updated')).toBe(false);
  });
});
