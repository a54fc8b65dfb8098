// The catalogue, code by code (as Fastify's test/internals/errors.test.js walks its own): each code
// has the contract's status, each factory makes a KeywardenError of a known code with a message
// for people, and every code can be made by some factory.
import { describe, expect, it } from 'vitest';
import * as catalogue from './errors.js';
import { ERROR_STATUS, KeywardenError, type ErrorCode } from './errors.js';

/** DESIGN "HTTP API contract", Errors: the code and its status. */
const CONTRACT: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400, UNAUTHENTICATED: 401, INVALID_CREDENTIALS: 401, FORBIDDEN: 403, API_KEYS_DISABLED: 403,
  NOT_DEVELOPER: 403, NOT_LICENSED: 403, CSRF_FAILED: 403, NOT_FOUND: 404, EMAIL_TAKEN: 409, NAME_TAKEN: 409,
  NOT_ACTIVE: 409, KEY_LIMIT_REACHED: 409, KEY_EXISTS: 409, LAST_ADMIN: 409, IN_USE: 409, QUOTA_REACHED: 409, PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415, EXPIRY_TOO_LONG: 422, RATE_LIMITED: 429, INTERNAL: 500, NOT_READY: 503,
};

/** Every factory of the catalogue, called as a service would. */
const MADE: Record<string, KeywardenError> = {
  validationFailed: catalogue.validationFailed('Invalid request body.', [{ field: '/name', message: 'is required' }]),
  fieldInvalid: catalogue.fieldInvalid('/scopes/0/permission', 'must be one of read, write, admin'),
  unauthenticated: catalogue.unauthenticated(),
  invalidCredentials: catalogue.invalidCredentials(),
  forbidden: catalogue.forbidden(),
  apiKeysDisabled: catalogue.apiKeysDisabled(),
  notDeveloper: catalogue.notDeveloper(),
  notLicensed: catalogue.notLicensed(),
  csrfFailed: catalogue.csrfFailed(),
  notFound: catalogue.notFound('key'),
  emailTaken: catalogue.emailTaken(),
  nameTaken: catalogue.nameTaken('resource'),
  notActive: catalogue.notActive(),
  keyLimitReached: catalogue.keyLimitReached(5),
  keyExists: catalogue.keyExists(),
  lastAdmin: catalogue.lastAdmin(),
  inUse: catalogue.inUse('The resource has child resources; move or delete them first.'),
  quotaReached: catalogue.quotaReached('webhooks', 20),
  payloadTooLarge: catalogue.payloadTooLarge(),
  unsupportedMediaType: catalogue.unsupportedMediaType(),
  expiryTooLong: catalogue.expiryTooLong(90),
  rateLimited: catalogue.rateLimited(30),
  signatureInvalid: catalogue.signatureInvalid(),
  internal: catalogue.internal(),
};

describe('the error catalogue', () => {
  it('has exactly the contract\'s codes, each with its status', () => {
    expect(ERROR_STATUS).toEqual(CONTRACT);
  });

  it.each(Object.keys(ERROR_STATUS) as ErrorCode[])('makes %s with its status, code and name', (code) => {
    const error = new KeywardenError(code, 'Something people can read.');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('KeywardenError');
    expect(error.code).toBe(code);
    expect(error.status).toBe(CONTRACT[code]);
    expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });

  it('tests every factory it exports', () => {
    const factories = Object.entries(catalogue).filter(([name, value]) => typeof value === 'function' && name !== 'KeywardenError');
    expect(factories.map(([name]) => name).sort()).toEqual(Object.keys(MADE).sort());
  });

  it.each(Object.entries(MADE))('%s makes a catalogue error with a message for people', (_name, error) => {
    expect(error).toBeInstanceOf(KeywardenError);
    expect(error.status).toBe(ERROR_STATUS[error.code]);
    expect(error.message.length).toBeGreaterThan(5);
    expect(error.message).toMatch(/^[A-Z/a-z]/);
    expect(error.message).not.toMatch(/select |insert |\/work\/|node_modules|undefined|\[object/i);
  });

  it('has a factory for every code but NOT_READY, which /ready answers in its own body', () => {
    const made = new Set(Object.values(MADE).map((e) => e.code));
    expect((Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => !made.has(c))).toEqual(['NOT_READY']);
  });

  it('carries what a factory adds beyond the message: field details, the quota, the wait', () => {
    expect(MADE.fieldInvalid.extra.details).toEqual([{ field: '/scopes/0/permission', message: 'must be one of read, write, admin' }]);
    expect(MADE.quotaReached.extra.quota).toEqual({ quota: 'webhooks', limit: 20 });
    expect(MADE.rateLimited.extra.retryAfterSeconds).toBe(30);
    expect(catalogue.unauthenticated('REVOKED').extra.reason).toBe('REVOKED');
    expect(catalogue.validationFailed('Bad.', []).extra.details).toBeUndefined();
  });
});
